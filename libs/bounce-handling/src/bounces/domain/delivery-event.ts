import type { EmailAddress } from '../../shared/domain/email-address';
import { WEBHOOK_PROVIDERS } from '../../shared/domain/webhook-providers';

export const BOUNCE_TYPES = ['hard', 'soft', 'complaint'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];

/** Longest bounce type a column holds: room for the types above, and a few more. */
export const MAX_BOUNCE_TYPE_LENGTH = 16;

/** Where a report came from: the API or a provider's webhook; with the provider's event id it makes the idempotency key. */
export const BOUNCE_SOURCES = ['api', ...WEBHOOK_PROVIDERS] as const;
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

/** A message to the address failed, permanently (`hard`) or for now (`soft`). */
export interface BounceEvent extends DeliveryEventBase {
  readonly kind: 'bounce';
  readonly bounceType: 'hard' | 'soft';
  readonly subtype: string | null;
  readonly diagnosticCode: string | null;
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

export function bounceTypeOf(event: BounceEvent | ComplaintEvent): BounceType {
  return event.kind === 'complaint' ? 'complaint' : event.bounceType;
}
