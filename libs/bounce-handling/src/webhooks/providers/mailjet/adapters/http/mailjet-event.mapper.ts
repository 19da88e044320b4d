import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';
import { parseMailjetJson } from './mailjet-json';

/**
 * `error` values (lower-cased) of a `bounce` or `blocked` event that say nothing about the
 * address: Mailjet did not send because of a choice of the sender's, and the mailbox is as good
 * as it was.
 */
const NOT_ADDRESS_FAILURES: ReadonlySet<string> = new Set([
  // X-Mailjet-DeduplicateCampaign: the first copy was sent, this one was not.
  'duplicate in campaign',
  // The account's own exclusion list (addresses the sender excluded, for any reason of theirs).
  'blacklisted',
]);
/** The `error` of a message Mailjet refused to send because the address reported an earlier one as spam. */
const SPAM_REPORTER = 'spam reporter';
/** The `error` of a delivery attempt the receiver deferred; Mailjet tries again and reports the outcome. */
const GREYLISTED = 'greylisted';

/**
 * Why a Mailjet event became no `DeliveryEvent`. The request is still answered 2xx: Mailjet
 * retries any other answer, and the rest of a grouped request is real.
 */
export type MailjetIgnoreReason =
  /** An element of a grouped request that is not a JSON object (Mailjet never sends one: logged). */
  | 'not-an-object'
  /** An event that says nothing about the mailbox (`open`, `click`, `unsub`, unknown, none). */
  | 'not-a-delivery-outcome'
  /** A `bounce` or `blocked` for a choice of the sender's (`duplicate in campaign`, `blacklisted`). */
  | 'not-an-address-failure'
  /** A soft `bounce` for greylisting: a delay, reported again with its outcome (docs/policy.md, rule 12). */
  | 'delay-notice'
  /** A bounce, complaint or delivery whose `email` cannot be an address at all (logged). */
  | 'no-usable-address';

export type MailjetMapping =
  | { readonly kind: 'event'; readonly eventType: string; readonly event: DeliveryEvent }
  | { readonly kind: 'ignored'; readonly eventType: string | null; readonly reason: MailjetIgnoreReason };

type MailjetEvent = Readonly<Record<string, unknown>>;

/** A Mailjet event as a single (ungrouped) request carries it: an object naming its `event`. */
export function isMailjetEvent(value: unknown): value is MailjetEvent {
  return isObject(value) && typeof value.event === 'string';
}

/**
 * The events of one request (one, or a grouped request's array), each an event or ignored,
 * its detail the position and event type (or JSON type), never its address.
 */
export function mapMailjetEvents(elements: readonly unknown[]): WebhookMapping<MailjetIgnoreReason> {
  const events: DeliveryEvent[] = [];
  const ignored: Array<IgnoredReport<MailjetIgnoreReason>> = [];
  elements.forEach((element, index) => {
    const mapping = mapMailjetEvent(element);
    if (mapping.kind === 'event') events.push(mapping.event);
    else ignored.push({ reason: mapping.reason, detail: `#${index} (${mapping.reason === 'not-an-object' ? jsonTypeOf(element) : mapping.eventType})` });
  });
  return { events, received: elements.length, ignored };
}

/**
 * One Mailjet event (docs/providers.md, "Mailjet") in provider-neutral terms:
 * - `bounce` → a bounce, `hard_bounce` Mailjet's hard/soft word; `blocked` (Mailjet refused to
 *   send) → a bounce with no word; either classified from `error_related_to`/`error`, the
 *   strongest evidence, and `comment`, the receiving server's answer;
 * - either with `error: spam reporter` → a complaint (the address reported us before); with
 *   `duplicate in campaign` or `blacklisted` → ignored (the sender's choice, not the address);
 *   a soft `bounce` for `greylisted` → ignored (a delay notice);
 * - `spam` → a complaint; `sent` (the receiving server accepted it) → a delivery;
 * - anything else (`open`, `click`, `unsub`, …) → ignored.
 */
export function mapMailjetEvent(element: unknown): MailjetMapping {
  if (!isObject(element)) return { kind: 'ignored', eventType: null, reason: 'not-an-object' };
  const raw: MailjetEvent = element;
  const eventType = label(raw.event);
  const ignored = (reason: MailjetIgnoreReason): MailjetMapping => ({ kind: 'ignored', eventType, reason });

  let outcome: 'bounce' | 'complaint' | 'delivery';
  const error = label(raw.error);
  const word = eventType === 'bounce' ? hardSoftOf(raw.hard_bounce) : null;
  switch (eventType) {
    case 'bounce':
    case 'blocked':
      if (error !== null && NOT_ADDRESS_FAILURES.has(error)) return ignored('not-an-address-failure');
      if (eventType === 'bounce' && error === GREYLISTED && word !== 'hard') return ignored('delay-notice');
      outcome = error === SPAM_REPORTER ? 'complaint' : 'bounce';
      break;
    case 'spam':
      outcome = 'complaint';
      break;
    case 'sent':
      outcome = 'delivery';
      break;
    default:
      return ignored('not-a-delivery-outcome');
  }

  const email = EmailAddress.fromProvider(raw.email);
  if (email === null) return ignored('no-usable-address');

  const common = {
    email,
    source: 'mailjet' as const,
    providerEventId: eventKeyOf(raw, eventType, email),
    providerMessageId: messageIdOf(raw),
    campaignId: campaignIdOf(raw),
    rawPayload: raw,
  };
  switch (outcome) {
    case 'bounce':
      return {
        kind: 'event',
        eventType,
        event: { ...common, kind: 'bounce', ...causeOf(raw, word), subtype: causeTextOf(raw, eventType), diagnosticCode: diagnosticOf(raw) },
      };
    case 'complaint':
      return {
        kind: 'event',
        eventType,
        event: {
          ...common,
          kind: 'complaint',
          subtype: eventType === 'spam' ? providerText(raw.source, MAX_BOUNCE_SUBTYPE_LENGTH) : causeTextOf(raw, eventType),
          feedbackType: null,
        },
      };
    case 'delivery':
      return { kind: 'event', eventType, event: { ...common, kind: 'delivery' } };
  }
}

/**
 * Why it bounced (docs/bounce-classification.md): Mailjet's `error_related_to`/`error` first,
 * then `comment` (the receiving server's answer, with its codes). The type is the classifier's,
 * with `hard_bounce` as Mailjet's word for a cause that stays undetermined; a `blocked` event
 * has no word (soft, then).
 */
function causeOf(raw: MailjetEvent, word: 'hard' | 'soft' | null): Pick<BounceEvent, 'bounceType' | 'classification'> {
  const classification = classifyBounce({
    provider: {
      scheme: 'mailjet',
      error: textOrNull(raw.error),
      errorRelatedTo: textOrNull(raw.error_related_to),
      hardBounce: word === null ? null : String(word === 'hard'),
    },
    diagnostic: providerText(raw.comment, MAX_DIAGNOSTIC_CODE_LENGTH),
    providerType: word,
  });
  return { bounceType: classification.type === 'complaint' ? (word ?? 'soft') : classification.type, classification: bounceCause(classification) };
}

/** `hard_bounce`: a boolean as documented, read from text too; anything else says nothing. */
function hardSoftOf(value: unknown): 'hard' | 'soft' | null {
  const text = typeof value === 'boolean' ? String(value) : label(value);
  return text === 'true' ? 'hard' : text === 'false' ? 'soft' : null;
}

/**
 * The dedupe key (docs/providers.md, "Mailjet"): Mailjet gives an event no id, so a digest of
 * the fields that name it and are the same in every re-delivery — the event type, the address,
 * `MessageID` (its exact digits) and `time`.
 */
function eventKeyOf(raw: MailjetEvent, eventType: string, email: EmailAddress): string {
  const fields = [eventType, email.value, idText(raw.MessageID), scalarOrNull(raw.time)];
  return `sha256:${sha256(JSON.stringify(fields))}`;
}

/** `MessageID` (exact: read as digits, never as a rounded number), else `Message_GUID`. */
function messageIdOf(raw: MailjetEvent): string | null {
  return providerText(idText(raw.MessageID), MAX_PROVIDER_ID_LENGTH) ?? providerText(raw.Message_GUID, MAX_PROVIDER_ID_LENGTH);
}

/**
 * The campaign: `CustomID`, else the `Payload` (a JSON object's `campaign_id`, or the text
 * itself), else `customcampaign` (the `X-Mailjet-Campaign` header) — the first that is a
 * campaign id. A value that is none links to nothing rather than being cut into another id.
 */
function campaignIdOf(raw: MailjetEvent): string | null {
  return (CampaignId.tryParse(raw.CustomID) ?? campaignIdOfPayload(raw.Payload) ?? CampaignId.tryParse(raw.customcampaign))?.value ?? null;
}

function campaignIdOfPayload(payload: unknown): CampaignId | null {
  if (isObject(payload)) return CampaignId.tryParse(payload.campaign_id);
  if (typeof payload !== 'string') return null;
  const text = payload.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = parseMailjetJson(text);
      return isObject(parsed) ? CampaignId.tryParse(parsed.campaign_id) : null;
    } catch {
      return null;
    }
  }
  return CampaignId.tryParse(text);
}

/** `error_related_to: error` as Mailjet reported them, `blocked: ` first for a message Mailjet never sent. */
function causeTextOf(raw: MailjetEvent, eventType: string): string | null {
  const cause = [textOrNull(raw.error_related_to)?.trim(), textOrNull(raw.error)?.trim()].filter((part) => part !== undefined && part !== '').join(': ');
  const text = eventType === 'blocked' ? `blocked${cause === '' ? '' : `: ${cause}`}` : cause;
  return providerText(text, MAX_BOUNCE_SUBTYPE_LENGTH);
}

/** The receiving server's answer: `comment` (the raw SMTP error). */
function diagnosticOf(raw: MailjetEvent): string | null {
  return providerText(raw.comment, MAX_DIAGNOSTIC_CODE_LENGTH);
}

/** An id as text: a string as it is, an integer as its digits. */
function idText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A provider label compared without regard to case or surrounding blanks. */
function label(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase().replace(/\s+/g, ' ') : null;
}

function scalarOrNull(value: unknown): string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonTypeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
