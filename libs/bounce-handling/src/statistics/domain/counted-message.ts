import { addFigures, type DeliveryFigures, NO_FIGURES } from './delivery-figures';
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
 */
export function statisticsIncrements(messages: readonly CountedMessage[]): StatisticsIncrement[] {
  const rows = new Map<string, StatisticsIncrement>();
  const add = (dimension: StatisticsDimension, group: string, granularity: CounterGranularity, bucket: Date, figures: DeliveryFigures): void => {
    const key = [dimension, group, granularity, bucket.toISOString()].join('\u0000');
    const row = rows.get(key);
    rows.set(key, { dimension, group, granularity, bucket, figures: row === undefined ? figures : addFigures(row.figures, figures) });
  };
  for (const message of messages) {
    const figures = figuresOf(message);
    const hour = new Date(Math.floor(message.at.getTime() / HOUR) * HOUR);
    const day = new Date(Math.floor(message.at.getTime() / DAY) * DAY);
    const groups: Record<StatisticsDimension, string> = {
      campaign: message.campaignId ?? '',
      domain: message.email.slice(message.email.lastIndexOf('@') + 1),
      reason: message.reason ?? '',
      category: message.category ?? '',
      source: message.source ?? '',
    };
    for (const [dimension, group] of Object.entries(groups) as [StatisticsDimension, string][]) {
      add(dimension, group, 'hour', hour, figures);
      add(dimension, group, 'day', day, figures);
    }
    if (message.campaignId !== null) add('campaign', message.campaignId, 'all', ALL_TIME_BUCKET, figures);
  }
  return [...rows.values()].sort(byKey);
}

/** The campaigns these messages name, each once. */
export function campaignsOf(messages: readonly CountedMessage[]): string[] {
  return [...new Set(messages.map((message) => message.campaignId).filter((id): id is string => id !== null))].sort();
}

function figuresOf(message: CountedMessage): DeliveryFigures {
  switch (message.outcome) {
    case 'sent':
      return { ...NO_FIGURES, sent: 1 };
    case 'delivered':
      return { ...NO_FIGURES, delivered: 1 };
    case 'hard':
      return { ...NO_FIGURES, hard: 1 };
    case 'soft':
      return message.category === 'sender' ? { ...NO_FIGURES, senderBlocks: 1 } : { ...NO_FIGURES, soft: 1 };
    case 'complaint':
      return { ...NO_FIGURES, complaint: 1 };
  }
}

function byKey(a: StatisticsIncrement, b: StatisticsIncrement): number {
  return compare(a.dimension, b.dimension) || compare(a.group, b.group) || compare(a.granularity, b.granularity) || a.bucket.getTime() - b.bucket.getTime();
}

/** By code unit, as PostgreSQL's "C" collation orders; the order only has to be one every batch shares. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
