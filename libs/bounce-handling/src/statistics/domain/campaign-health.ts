import { bouncesOf, type DeliveryFigures, rateBasisOf } from './delivery-figures';

export const HEALTH_STATUSES = ['ok', 'warning', 'critical'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** Longest health status a column holds. */
export const MAX_HEALTH_STATUS_LENGTH = 16;

/**
 * Messages (sent, or reported when no send is known) a campaign needs before its rates can
 * raise an alert: one bounce of two messages is no sign of a bad list.
 */
export const MIN_VOLUME_FOR_HEALTH = 100;

/**
 * The thresholds, in parts per 10,000 of the basis: a bounce rate of 5 % or complaints of
 * 0.1 % warn, 10 % or 0.5 % are critical. Compared in whole numbers, so that a rate exactly at
 * a threshold is at it, whatever floating point would make of it.
 */
const WARNING = { bounces: 500, complaints: 10 } as const;
const CRITICAL = { bounces: 1000, complaints: 50 } as const;

export interface CampaignHealth {
  readonly status: HealthStatus;
  /** What to do about it, in plain words; empty when all is well. */
  readonly advice: readonly string[];
}

const LIST_ADVICE = [
  'Clean your list: remove the addresses that bounced hard, and those that have not opened for months, before the next send.',
  'Use double opt-in: an address joins your list only once its owner has confirmed it from the e-mail you sent.',
  'Verify addresses where you collect them: check the syntax and the domain in the sign-up form, so that a typo never reaches your list.',
];
const SENDER_ADVICE =
  'Some receiving servers refused you as a sender, not the addresses: check your SPF, DKIM and DMARC records and whether your IP or domain is on a block list.';
const COMPLAINT_ADVICE = [
  'Make leaving easy: a visible unsubscribe link and a one-click List-Unsubscribe header, so that recipients unsubscribe instead of reporting spam.',
  'Send only what people signed up for, as often as they expect it, and say who you are in the sender name and the subject.',
];
const CRITICAL_ADVICE = 'Pause the campaign until the cause is fixed: mailbox providers block senders whose rates stay this high.';

/**
 * The health of a campaign from its figures: `warning` at a bounce rate of 5 % or complaints of
 * 0.1 %, `critical` at 10 % or 0.5 %, `ok` below, and `ok` whatever the rates while fewer than
 * `MIN_VOLUME_FOR_HEALTH` messages are known. Rates are over `sent`, or over the reported
 * outcomes when no send is known (`rateBasisOf`). A pure function.
 */
export function campaignHealth(figures: DeliveryFigures): CampaignHealth {
  const basis = rateBasisOf(figures);
  if (basis === null || basis.count < MIN_VOLUME_FOR_HEALTH) return { status: 'ok', advice: [] };
  const bounces = bouncesOf(figures) * 10_000;
  const complaints = figures.complaint * 10_000;
  const at = (threshold: number, count: number): boolean => count >= threshold * basis.count;
  const bounceStatus: HealthStatus = at(CRITICAL.bounces, bounces) ? 'critical' : at(WARNING.bounces, bounces) ? 'warning' : 'ok';
  const complaintStatus: HealthStatus = at(CRITICAL.complaints, complaints) ? 'critical' : at(WARNING.complaints, complaints) ? 'warning' : 'ok';
  const status = worse(bounceStatus, complaintStatus);
  const advice: string[] = [];
  if (bounceStatus !== 'ok') {
    advice.push(...LIST_ADVICE);
    if (figures.senderBlocks > 0) advice.push(SENDER_ADVICE);
  }
  if (complaintStatus !== 'ok') {
    if (bounceStatus === 'ok') advice.push(LIST_ADVICE[1]);
    advice.push(...COMPLAINT_ADVICE);
  }
  if (status === 'critical') advice.push(CRITICAL_ADVICE);
  return { status, advice };
}

/**
 * Whether going from `previous` to `current` is an alert: a crossing into a worse status than
 * before (ok → warning, warning → critical, ok → critical). A recovery is none, and the next
 * crossing after it is one again.
 */
export function isAlertCrossing(previous: HealthStatus, current: HealthStatus): boolean {
  return rank(current) > rank(previous);
}

function worse(a: HealthStatus, b: HealthStatus): HealthStatus {
  return rank(a) >= rank(b) ? a : b;
}

function rank(status: HealthStatus): number {
  return HEALTH_STATUSES.indexOf(status);
}
