import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type BounceEvidence, bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';

/** The part of an enhanced status code (`5.1.1`) worth appending to a diagnostic. */
const MAX_STATUS_LENGTH = 64;

/** `dropped` reasons (lower-cased) that say the address itself is dead. */
const DROPPED_HARD = new Set(['bounced address', 'invalid']);
/** The `dropped` reason that says the recipient once reported us as spam. */
const DROPPED_COMPLAINT = 'spam reporting address';

/**
 * Why an element of a SendGrid batch became no `DeliveryEvent`. The batch is still answered
 * 2xx: SendGrid retries any other answer for 24 hours, and the rest of the batch is real.
 */
export type SendGridIgnoreReason =
  /** The element is not a JSON object (SendGrid never sends one: logged). */
  | 'not-an-object'
  /** An event type that says nothing about the mailbox (`processed`, `open`, unknown, …). */
  | 'not-a-delivery-outcome'
  /** `dropped` for a reason of ours, not of the address (`Unsubscribed Address`, `Spam Content`, …). */
  | 'dropped-for-another-reason'
  /** A bounce, complaint or delivery whose `email` cannot be an address at all (logged). */
  | 'no-usable-address';

export type SendGridMapping =
  | { readonly kind: 'event'; readonly eventType: string; readonly event: DeliveryEvent }
  | { readonly kind: 'ignored'; readonly eventType: string | null; readonly reason: SendGridIgnoreReason };

type SendGridEvent = Readonly<Record<string, unknown>>;

/**
 * A SendGrid batch: each element an event or ignored, its detail the element's position and
 * event type (or JSON type, for an element that is not an object), never its address.
 */
export function mapSendGridBatch(batch: readonly unknown[]): WebhookMapping<SendGridIgnoreReason> {
  const events: DeliveryEvent[] = [];
  const ignored: Array<IgnoredReport<SendGridIgnoreReason>> = [];
  batch.forEach((element, index) => {
    const mapping = mapSendGridEvent(element);
    if (mapping.kind === 'event') events.push(mapping.event);
    else ignored.push({ reason: mapping.reason, detail: `#${index} (${mapping.reason === 'not-an-object' ? jsonTypeOf(element) : mapping.eventType})` });
  });
  return { events, received: batch.length, ignored };
}

/** The event type of an event `mapSendGridEvent` gave (its raw payload is the element). */
export function sendGridEventTypeOf(event: DeliveryEvent): string | null {
  return label((event.rawPayload as SendGridEvent).event);
}

function jsonTypeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * One element of a SendGrid event webhook batch (docs/providers.md, "SendGrid") in
 * provider-neutral terms, classified as that section decides:
 * - `bounce` with `type: bounce` → hard; `type: blocked` → soft (a block is the sending IP's
 *   reputation or the content, not a dead mailbox); without `type` → hard (SendGrid's events
 *   before blocks were folded into `bounce` had no `type`, and every one was a bounce); with a
 *   `type` we do not know → soft: still suppressed at the threshold, never on one word we
 *   cannot read;
 * - `dropped` for `Bounced Address` or `Invalid` → hard, for `Spam Reporting Address` →
 *   complaint, for any other reason → ignored (SendGrid refused to send for reasons of ours);
 * - `spamreport` → complaint; `delivered` → a delivery report (ends a run of soft bounces);
 * - anything else → ignored.
 */
export function mapSendGridEvent(element: unknown): SendGridMapping {
  if (!isObject(element)) return { kind: 'ignored', eventType: null, reason: 'not-an-object' };
  const raw: SendGridEvent = element;
  const eventType = label(raw.event);
  const ignored = (reason: SendGridIgnoreReason): SendGridMapping => ({ kind: 'ignored', eventType, reason });
  if (eventType === null) return ignored('not-a-delivery-outcome');

  let outcome: Outcome;
  switch (eventType) {
    case 'bounce':
      outcome = {
        kind: 'bounce',
        bounceType: bounceTypeOf(raw.type),
        evidence: {
          provider: { scheme: 'sendgrid', classification: textOrNull(raw.bounce_classification), type: textOrNull(raw.type) },
          status: textOrNull(raw.status),
          diagnostic: textOrNull(raw.reason),
        },
      };
      break;
    case 'dropped': {
      const reason = label(raw.reason);
      if (reason !== null && DROPPED_HARD.has(reason)) {
        outcome = { kind: 'bounce', bounceType: 'hard', evidence: { provider: { scheme: 'sendgrid', droppedReason: textOrNull(raw.reason) } } };
      } else if (reason === DROPPED_COMPLAINT) outcome = { kind: 'complaint' };
      else return ignored('dropped-for-another-reason');
      break;
    }
    case 'spamreport':
      outcome = { kind: 'complaint' };
      break;
    case 'delivered':
      outcome = { kind: 'delivery' };
      break;
    default:
      return ignored('not-a-delivery-outcome');
  }

  const email = EmailAddress.fromProvider(raw.email);
  if (email === null) return ignored('no-usable-address');

  const common = {
    email,
    source: 'sendgrid' as const,
    providerEventId: eventKeyOf(raw, email),
    providerMessageId: messageIdOf(raw.sg_message_id),
    campaignId: campaignIdOf(raw.campaign_id),
    rawPayload: raw,
  };
  switch (outcome.kind) {
    case 'bounce':
      return {
        kind: 'event',
        eventType,
        event: { ...common, kind: 'bounce', ...causeOf(outcome), subtype: subtypeOf(raw, eventType), diagnosticCode: diagnosticOf(raw) },
      };
    case 'complaint':
      return { kind: 'event', eventType, event: { ...common, kind: 'complaint', subtype: subtypeOf(raw, eventType), feedbackType: null } };
    case 'delivery':
      return { kind: 'event', eventType, event: { ...common, kind: 'delivery' } };
  }
}

type Outcome =
  | { readonly kind: 'bounce'; readonly bounceType: 'hard' | 'soft'; readonly evidence: BounceEvidence }
  | { readonly kind: 'complaint' }
  | { readonly kind: 'delivery' };

/**
 * Why the message bounced (docs/bounce-classification.md): a bounce's `bounce_classification`,
 * `type`, `status` and `reason`; a `dropped` event's reason. The type is the classifier's, with
 * the reading above as SendGrid's word: a refusal of the sender is soft whatever its `type`, an
 * unknown user is hard even when SendGrid said `blocked`. SendGrid names no receiving server.
 */
function causeOf({ bounceType: word, evidence }: Extract<Outcome, { kind: 'bounce' }>): Pick<BounceEvent, 'bounceType' | 'classification'> {
  const classification = classifyBounce({ ...evidence, providerType: word });
  return { bounceType: classification.type === 'complaint' ? word : classification.type, classification: bounceCause(classification) };
}

function bounceTypeOf(type: unknown): 'hard' | 'soft' {
  if (type === undefined || type === null || (typeof type === 'string' && type.trim() === '')) return 'hard';
  const value = label(type);
  return value === 'bounce' ? 'hard' : 'soft';
}

/**
 * The dedupe key (docs/providers.md, "SendGrid"): `sg_event_id`, "unique for every event" and
 * the same on every re-delivery. Without one, a digest of the event's own fields, which are the
 * same on every re-delivery too. Both derived forms carry a `:`, which SendGrid's base64url ids
 * never do, so a derived key can never equal a real one.
 */
function eventKeyOf(raw: SendGridEvent, email: EmailAddress): string {
  const id = providerText(raw.sg_event_id, Number.MAX_SAFE_INTEGER);
  if (id !== null) return id.length <= MAX_PROVIDER_ID_LENGTH ? id : `sha256:${sha256(id)}`;
  const fields = [raw.event, email.value, raw.timestamp, raw.sg_message_id, raw.type, raw.reason].map(scalarOrNull);
  return `derived:sha256:${sha256(JSON.stringify(fields))}`;
}

/**
 * `sg_message_id` is `<X-Message-Id>.<filter>.<n>`: the part before the first dot is the id
 * SendGrid answered to the send request (what the sender knows the message by), and with the
 * recipient's address it names one message. The suffix names SendGrid's internal hop and is
 * not guaranteed to be the same on every event of the message, so the prefix is used,
 * always: one message counts once however SendGrid routes its retries.
 */
function messageIdOf(value: unknown): string | null {
  const id = providerText(value, Number.MAX_SAFE_INTEGER);
  if (id === null) return null;
  const prefix = id.split('.', 1)[0].trim();
  return providerText(prefix.length > 0 ? prefix : id, MAX_PROVIDER_ID_LENGTH);
}

/**
 * Custom args arrive flattened as top-level keys. A value the platform could never have given
 * a campaign (over 100 characters, spaces, a fraction, …) links to nothing, rather than being
 * cut or rounded into somebody else's id.
 */
function campaignIdOf(value: unknown): string | null {
  return CampaignId.tryParse(value)?.value ?? null;
}

/** SendGrid's `bounce_classification` when present, else the bounce `type` or the `dropped` reason. */
function subtypeOf(raw: SendGridEvent, eventType: string): string | null {
  return (
    providerText(raw.bounce_classification, MAX_BOUNCE_SUBTYPE_LENGTH) ??
    (eventType === 'bounce' ? providerText(raw.type, MAX_BOUNCE_SUBTYPE_LENGTH) : null) ??
    (eventType === 'dropped' ? providerText(raw.reason, MAX_BOUNCE_SUBTYPE_LENGTH) : null)
  );
}

/** The receiving server's text (`reason`) and the enhanced status code when it is not already in it. */
function diagnosticOf(raw: SendGridEvent): string | null {
  const reason = providerText(raw.reason, MAX_DIAGNOSTIC_CODE_LENGTH);
  const status = providerText(raw.status, MAX_STATUS_LENGTH);
  if (status === null) return reason;
  if (reason === null) return status;
  return reason.includes(status) ? reason : providerText(`${reason} (status ${status})`, MAX_DIAGNOSTIC_CODE_LENGTH);
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A provider label compared without regard to case or surrounding blanks. */
function label(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null;
}

function scalarOrNull(value: unknown): string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
