import type { BounceType } from '../delivery-event';

/**
 * Whose fault a bounce is (docs/bounce-classification.md): a refusal of the sender says nothing
 * about the address, whatever word (hard or soft) the provider used for it.
 */
export const BOUNCE_CATEGORIES = ['recipient', 'mailbox', 'sender', 'transient', 'complaint', 'undetermined'] as const;
export type BounceCategory = (typeof BOUNCE_CATEGORIES)[number];

/** Longest category a column holds: room for the categories above, and a few more. */
export const MAX_BOUNCE_CATEGORY_LENGTH = 16;

/** Why a message bounced: the fixed vocabulary, grouped by category. */
export const BOUNCE_REASONS = [
  // recipient: the address does not exist or takes no mail
  'user_unknown',
  'host_unknown',
  'not_accept',
  'has_moved',
  'mailbox_disabled',
  'suppressed',
  // mailbox: the address exists, its mailbox cannot take mail now
  'mailbox_full',
  // sender: the receiver refused our IP, domain, authentication, rate or content
  'blocked',
  'bad_reputation',
  'spam_detected',
  'policy_violation',
  'auth_failure',
  'rate_limited',
  'content_error',
  'virus_detected',
  'message_too_big',
  'no_relaying',
  // transient: the way to the mailbox failed
  'expired',
  'network_error',
  'system_error',
  // the recipient reported the message as unwanted
  'complaint',
  // nothing decisive
  'undetermined',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/** Longest reason a column holds: room for the reasons above, and more. */
export const MAX_BOUNCE_REASON_LENGTH = 32;

/** What a reason means by default: its category and the type the policy receives. */
export interface ReasonMeaning {
  readonly category: BounceCategory;
  /** `null`: the provider's own word decides (soft when it said nothing). */
  readonly type: BounceType | null;
}

const RECIPIENT: ReasonMeaning = { category: 'recipient', type: 'hard' };
const MAILBOX: ReasonMeaning = { category: 'mailbox', type: 'soft' };
const SENDER: ReasonMeaning = { category: 'sender', type: 'soft' };
const TRANSIENT: ReasonMeaning = { category: 'transient', type: 'soft' };

/** Reason → category and default type (the table of docs/bounce-classification.md). */
export const REASON_MEANINGS: Readonly<Record<BounceReason, ReasonMeaning>> = {
  user_unknown: RECIPIENT,
  host_unknown: RECIPIENT,
  not_accept: RECIPIENT,
  has_moved: RECIPIENT,
  mailbox_disabled: RECIPIENT,
  suppressed: RECIPIENT,
  mailbox_full: MAILBOX,
  blocked: SENDER,
  bad_reputation: SENDER,
  spam_detected: SENDER,
  policy_violation: SENDER,
  auth_failure: SENDER,
  rate_limited: SENDER,
  content_error: SENDER,
  virus_detected: SENDER,
  message_too_big: SENDER,
  no_relaying: SENDER,
  expired: TRANSIENT,
  network_error: TRANSIENT,
  system_error: TRANSIENT,
  complaint: { category: 'complaint', type: 'complaint' },
  undetermined: { category: 'undetermined', type: null },
};

export function categoryOf(reason: BounceReason): BounceCategory {
  return REASON_MEANINGS[reason].category;
}

/**
 * How much a reading of the evidence costs the address, highest first: a recipient reason
 * suppresses it, a mailbox or transient one counts toward the soft threshold, a sender one
 * changes nothing. Where evidence disagrees, the cheaper reading is preferred.
 */
const COST_TO_ADDRESS: Readonly<Record<BounceCategory, number>> = {
  recipient: 3,
  complaint: 3,
  mailbox: 2,
  transient: 2,
  undetermined: 2,
  sender: 1,
};

/** `a` blames the address less than `b` does. */
export function blamesAddressLess(a: BounceReason, b: BounceReason): boolean {
  return COST_TO_ADDRESS[categoryOf(a)] < COST_TO_ADDRESS[categoryOf(b)];
}
