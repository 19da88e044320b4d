/**
 * What happened to messages over some time: how many were sent (as counted by `POST /sends` or
 * the facade) and what the reports said of them. `hard` and `soft` are bounces of the recipient's
 * address; `senderBlocks` are refusals of the sender (category `sender`, docs/policy.md, rule 11),
 * counted apart from them and with them in the bounce rate.
 */
export interface DeliveryFigures {
  readonly sent: number;
  readonly delivered: number;
  readonly hard: number;
  readonly soft: number;
  readonly complaint: number;
  readonly senderBlocks: number;
}

export const NO_FIGURES: DeliveryFigures = { sent: 0, delivered: 0, hard: 0, soft: 0, complaint: 0, senderBlocks: 0 };

export function addFigures(a: DeliveryFigures, b: DeliveryFigures): DeliveryFigures {
  return {
    sent: a.sent + b.sent,
    delivered: a.delivered + b.delivered,
    hard: a.hard + b.hard,
    soft: a.soft + b.soft,
    complaint: a.complaint + b.complaint,
    senderBlocks: a.senderBlocks + b.senderBlocks,
  };
}

/** Every bounce: of the address (hard, soft) and of the sender. */
export function bouncesOf(figures: DeliveryFigures): number {
  return figures.hard + figures.soft + figures.senderBlocks;
}

/** Every report of an outcome: deliveries, bounces and complaints. */
export function reportedOf(figures: DeliveryFigures): number {
  return figures.delivered + bouncesOf(figures) + figures.complaint;
}

/**
 * Every outcome counted: the sends and the reports. A grouped answer keeps the groups with the
 * most over its range.
 */
export function outcomesOf(figures: DeliveryFigures): number {
  return figures.sent + reportedOf(figures);
}

/**
 * What the rates are fractions of: the messages `sent`, or, when no send is known, the
 * `reported` outcomes (a workspace that never counts its sends still sees rates).
 */
export type RateBasis = 'sent' | 'reported';

/** The basis of the rates of these figures and its size; null when there is nothing to divide by. */
export function rateBasisOf(figures: DeliveryFigures): { readonly basis: RateBasis; readonly count: number } | null {
  if (figures.sent > 0) return { basis: 'sent', count: figures.sent };
  const reported = reportedOf(figures);
  return reported > 0 ? { basis: 'reported', count: reported } : null;
}

export interface DeliveryRates {
  /** Bounces (hard, soft and sender blocks) over the basis, a fraction (`0.06` for 6 %); null when the basis is empty. */
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
  readonly rateBasis: RateBasis | null;
}

/** Fractions are given to four places: 0.01 %, finer than any threshold. */
const PLACES = 10_000;

/**
 * The rates of `figures` over the basis of `of` (by default the figures themselves): a group that
 * does not split the sends (a reason, a category, a source) takes its rates over its bucket's.
 */
export function deliveryRates(figures: DeliveryFigures, of: DeliveryFigures = figures): DeliveryRates {
  const basis = rateBasisOf(of);
  if (basis === null) return { bounceRate: null, complaintRate: null, rateBasis: null };
  return {
    bounceRate: fraction(bouncesOf(figures), basis.count),
    complaintRate: fraction(figures.complaint, basis.count),
    rateBasis: basis.basis,
  };
}

function fraction(part: number, whole: number): number {
  return Math.round((part / whole) * PLACES) / PLACES;
}
