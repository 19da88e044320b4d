import { type DeliveryFigures, NO_FIGURES } from './delivery-figures';
import type { StatisticsDimension } from './statistics-range';

/** What statistics count: a message sent, or a report of what became of one. */
export type CountedOutcome = 'sent' | 'delivered' | 'hard' | 'soft' | 'complaint';

/**
 * One message or report to count, at the time it was counted (a report: when it was stored,
 * the `created_at` of its bounce). A soft bounce of category `sender` is a sender block.
 */
export interface CountedMessage {
  readonly at: Date;
  readonly outcome: CountedOutcome;
  /** The recipient, normalised; its domain is what follows the last `@`. */
  readonly email: string;
  readonly campaignId: string | null;
  /** Of a bounce or complaint; null for a send and a delivery. */
  readonly reason: string | null;
  readonly category: string | null;
  /** Of a report; null for a send. */
  readonly source: string | null;
}

/**
 * How finely counters are kept: by hour (intervals of an hour), by UTC day (days and weeks, so
 * that a year of days reads 365 rows a group, not 8,760), and, for a campaign, all its time in
 * one row (its health, read at every report of it).
 */
export const COUNTER_GRANULARITIES = ['hour', 'day', 'all'] as const;
export type CounterGranularity = (typeof COUNTER_GRANULARITIES)[number];

/** Longest granularity a counter row's column holds. */
export const MAX_COUNTER_GRANULARITY_LENGTH = 8;

/** The bucket of the `all` granularity: one, whenever the message was counted. */
export const ALL_TIME_BUCKET = new Date(0);
const ALL_TIME_KEY = 'all';

/** One counter row's increment. `group` is '' for a message outside every group of the dimension (a send has no reason). */
export interface StatisticsIncrement {
  readonly dimension: StatisticsDimension;
  readonly group: string;
  readonly granularity: CounterGranularity;
  readonly bucket: Date;
  readonly figures: DeliveryFigures;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The increments of the counters for these messages, one per counter row, summed, in the order
 * of the rows' key (dimension, group, granularity, bucket): a batch writes each row once, and
 * concurrent batches lock the rows they share in one order, so that they cannot deadlock.
 * A batch's messages mostly share one time: each time's buckets are worked out once.
 */
export function statisticsIncrements(messages: readonly CountedMessage[]): StatisticsIncrement[] {
  const rows = new Map<string, { dimension: StatisticsDimension; group: string; granularity: CounterGranularity; bucket: Date; figures: Figures }>();
  const times = new Map<number, { hour: Date; hourKey: string; day: Date; dayKey: string }>();
  let field: keyof DeliveryFigures = 'sent';
  const add = (dimension: StatisticsDimension, group: string, granularity: CounterGranularity, bucket: Date, bucketKey: string): void => {
    const key = `${dimension}\u0000${group}\u0000${granularity}\u0000${bucketKey}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { dimension, group, granularity, bucket, figures: { ...NO_FIGURES } };
      rows.set(key, row);
    }
    row.figures[field] += 1;
  };
  for (const message of messages) {
    field = fieldOf(message);
    const time = message.at.getTime();
    let buckets = times.get(time);
    if (buckets === undefined) {
      const hour = new Date(Math.floor(time / HOUR) * HOUR);
      const day = new Date(Math.floor(time / DAY) * DAY);
      buckets = { hour, hourKey: String(hour.getTime()), day, dayKey: String(day.getTime()) };
      times.set(time, buckets);
    }
    const { hour, hourKey, day, dayKey } = buckets;
    const campaign = message.campaignId ?? '';
    const domain = message.email.slice(message.email.lastIndexOf('@') + 1);
    const reason = message.reason ?? '';
    const category = message.category ?? '';
    const source = message.source ?? '';
    add('campaign', campaign, 'hour', hour, hourKey);
    add('campaign', campaign, 'day', day, dayKey);
    add('domain', domain, 'hour', hour, hourKey);
    add('domain', domain, 'day', day, dayKey);
    add('reason', reason, 'hour', hour, hourKey);
    add('reason', reason, 'day', day, dayKey);
    add('category', category, 'hour', hour, hourKey);
    add('category', category, 'day', day, dayKey);
    add('source', source, 'hour', hour, hourKey);
    add('source', source, 'day', day, dayKey);
    if (message.campaignId !== null) add('campaign', message.campaignId, 'all', ALL_TIME_BUCKET, ALL_TIME_KEY);
  }
  return [...rows.values()].sort(byKey);
}

/** The campaigns these messages name, each once. */
export function campaignsOf(messages: readonly CountedMessage[]): string[] {
  return [...new Set(messages.map((message) => message.campaignId).filter((id): id is string => id !== null))].sort();
}

type Figures = { -readonly [K in keyof DeliveryFigures]: number };

/** The figure a message adds one to. */
function fieldOf(message: CountedMessage): keyof DeliveryFigures {
  switch (message.outcome) {
    case 'sent':
    case 'delivered':
    case 'hard':
    case 'complaint':
      return message.outcome;
    case 'soft':
      return message.category === 'sender' ? 'senderBlocks' : 'soft';
  }
}

function byKey(a: StatisticsIncrement, b: StatisticsIncrement): number {
  return compare(a.dimension, b.dimension) || compare(a.group, b.group) || compare(a.granularity, b.granularity) || a.bucket.getTime() - b.bucket.getTime();
}

/** By code unit, as PostgreSQL's "C" collation orders; the order only has to be one every batch shares. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
