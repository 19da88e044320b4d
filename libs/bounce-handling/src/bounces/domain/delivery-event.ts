import type { EmailAddress } from '../../shared/domain/email-address';
import { WEBHOOK_PROVIDERS } from '../../shared/domain/webhook-providers';
import type { BounceClassification } from './bounce-classification/bounce-classifier';
import type { BounceCategory, BounceReason } from './bounce-classification/bounce-reason';

export const BOUNCE_TYPES = ['hard', 'soft', 'complaint'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** Longest bounce type a column holds: room for the types above, and a few more. */
export const MAX_BOUNCE_TYPE_LENGTH = 16;

/**
 * Where a report came from: the API, raw mail received at the bounce address (`inbound`), or a
 * provider's webhook; with the provider's event id it makes the idempotency key.
 */
export const BOUNCE_SOURCES = ['api', 'inbound', ...WEBHOOK_PROVIDERS] as const;
export type BounceSource = (typeof BOUNCE_SOURCES)[number];

/** Longest source a column holds: room for the sources above, and more providers. */
export const MAX_BOUNCE_SOURCE_LENGTH = 32;

interface DeliveryEventBase {
  readonly email: EmailAddress;
  readonly source: BounceSource;
  /** The provider's id of this report; re-deliveries of one report carry the same id. */
  readonly providerEventId: string | null;
  /** The provider's id of the message the report is about; several reports may share it. */
  readonly providerMessageId: string | null;
  readonly campaignId: string | null;
  /** The provider's own payload, kept for audit and re-processing. */
  readonly rawPayload: unknown;
}

/** Why a message bounced, as the classifier read its report (docs/bounce-classification.md). */
export interface BounceCause {
  readonly reason: BounceReason;
  /** Whose fault it is: a refusal of the `sender` says nothing about the address (docs/policy.md, rule 11). */
  readonly category: BounceCategory;
  /** The enhanced status code (RFC 3463) of the receiving server's answer, normalised (`5.7.1`); null when it gave none. */
  readonly status: string | null;
  /** The receiving server that answered, as the report names it; null when it does not. */
  readonly remoteMta: string | null;
}

/**
 * Longest enhanced status code a column holds. The classifier gives at most nine characters
 * (`5.999.999`: a class, a subject of one digit, a detail of up to three, without leading zeros).
 */
export const MAX_BOUNCE_STATUS_LENGTH = 16;

/** Longest name (or address) of the receiving server kept with a bounce; a longer one is cut. */
export const MAX_REMOTE_MTA_LENGTH = 255;

/** The cause of a complaint: the recipient reported the message as unwanted. */
export const COMPLAINT_CAUSE: BounceCause = { reason: 'complaint', category: 'complaint', status: null, remoteMta: null };

/** The cause of a bounce as `classifyBounce` found it, with the server that answered. */
export function bounceCause(classification: BounceClassification, remoteMta: string | null = null): BounceCause {
  return { reason: classification.reason, category: classification.category, status: classification.status, remoteMta };
}

/** A message to the address failed, permanently (`hard`) or for now (`soft`). */
export interface BounceEvent extends DeliveryEventBase {
  readonly kind: 'bounce';
  /** The type its source gave: a provider's word as its mapper reads it, or the API caller's. */
  readonly bounceType: 'hard' | 'soft';
  readonly subtype: string | null;
  readonly diagnosticCode: string | null;
  /**
   * Why it bounced. Absent when its source did not say (its cause is then undetermined, and its
   * type decides, as before causes were read). The cause of a bounce recorded through the API
   * is for reporting only: the caller's type decides (docs/policy.md, rule 13).
   */
  readonly classification?: BounceCause;
}

/** The recipient reported a message as unwanted (an ARF feedback report or its equivalent). */
export interface ComplaintEvent extends DeliveryEventBase {
  readonly kind: 'complaint';
  readonly subtype: string | null;
  /** ARF `Feedback-Type` when known; `not-spam` is not a complaint. */
  readonly feedbackType: string | null;
}

/** A message reached the address: proof the mailbox works, which ends a run of soft bounces. */
export interface DeliveryReport extends DeliveryEventBase {
  readonly kind: 'delivery';
}

/** What any source (a provider's webhook, the API) reports, in provider-neutral terms. */
export type DeliveryEvent = BounceEvent | ComplaintEvent | DeliveryReport;

/**
 * A provider's bounce whose cause is the receiver's refusal of the sender (docs/policy.md, rule
 * 11). A bounce recorded through the API is never one: its caller's type decides (rule 13).
 */
export function isSenderBlock(event: BounceEvent): boolean {
  return event.source !== 'api' && event.classification?.category === 'sender';
}

/** The type a report is stored with: its own, but a refusal of the sender is never a hard bounce (rule 11). */
export function bounceTypeOf(event: BounceEvent | ComplaintEvent): BounceType {
  if (event.kind === 'complaint') return 'complaint';
  return isSenderBlock(event) ? 'soft' : event.bounceType;
}
