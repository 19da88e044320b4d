import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type BounceClassification, bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';

/**
 * Why an element of a SparkPost batch became no `DeliveryEvent`. The batch is still answered
 * 200: SparkPost retries any other answer for 8 hours, and the rest of the batch is real.
 */
export type SparkPostIgnoreReason =
  /** The element is not a JSON object (SparkPost never sends one: logged). */
  | 'not-an-object'
  /** Not a message event: `track_event`, `gen_event`, `unsubscribe_event`, `relay_event`, `{}` or `{ msys: {} }` (SparkPost's check of a new webhook). */
  | 'not-a-message-event'
  /** A message event that says nothing about the mailbox (`injection`, `delay`, `generation_*`, unknown, …). */
  | 'not-a-delivery-outcome'
  /** A bounce whose class says it was no failure: an auto-reply (60), a subscribe (80) or unsubscribe (90) request, a challenge (100). */
  | 'not-a-failure'
  /** A bounce, complaint or delivery whose `rcpt_to` cannot be an address at all (logged). */
  | 'no-usable-address';

export type SparkPostMapping =
  | { readonly kind: 'event'; readonly eventType: string; readonly event: DeliveryEvent }
  | { readonly kind: 'ignored'; readonly eventType: string | null; readonly reason: SparkPostIgnoreReason };

type SparkPostEvent = Readonly<Record<string, unknown>>;

/** The message events that report a failure to deliver: a bounce, a late bounce, and SparkPost's own refusal to send. */
const FAILURES = new Set(['bounce', 'out_of_band', 'policy_rejection']);

/** How much of an unexpected kind of event a log line shows. */
const MAX_KIND_LENGTH = 32;

/** Bounce classes that are no failure of the message (SparkPost's bounce classification codes). */
const NOT_FAILURES = new Set(['60', '80', '90', '100']);

/** Bounce classes SparkPost calls Hard, both about the address: its word for them. */
const HARD_CLASSES = new Set(['10', '30']);

/**
 * The class a `policy_rejection` is read with unless its own is Hard: 25, Admin Failure ("the
 * message was failed by SparkPost's configured policies"). SparkPost refused to send; unless its
 * class blames the address, the refusal is the sender's account or policy, never the address's.
 */
const POLICY_CLASS = '25';

/**
 * A SparkPost batch: each element an event or ignored, its detail the element's position and
 * event type (or JSON type, for an element that is not an object), never its address.
 */
export function mapSparkPostBatch(batch: readonly unknown[]): WebhookMapping<SparkPostIgnoreReason> {
  const events: DeliveryEvent[] = [];
  const ignored: Array<IgnoredReport<SparkPostIgnoreReason>> = [];
  batch.forEach((element, index) => {
    const mapping = mapSparkPostElement(element);
    if (mapping.kind === 'event') events.push(mapping.event);
    else
      ignored.push({
        reason: mapping.reason,
        detail: `#${index} (${mapping.reason === 'not-an-object' ? jsonTypeOf(element) : (mapping.eventType ?? 'no type')})`,
      });
  });
  return { events, received: batch.length, ignored };
}

/** The `type` of the message event `mapSparkPostElement` gave (its raw payload is that message event). */
export function sparkPostEventTypeOf(event: DeliveryEvent): string | null {
  return label((event.rawPayload as SparkPostEvent).type);
}

/**
 * One element of a SparkPost webhook batch (docs/providers.md, "SparkPost"), `{ msys: {
 * message_event: {…} } }`, in provider-neutral terms:
 * - `bounce` and `out_of_band` → a bounce, classified by its `bounce_class` first and its
 *   `raw_reason` for the finer reason; classes 60, 80, 90 and 100 → ignored (no failure);
 * - `policy_rejection` → a bounce of the sender (class 25) unless its class is Hard (10, 30);
 * - `spam_complaint` → a complaint (`fbtype` its feedback type);
 * - `delivery` → a delivery report (ends a run of soft bounces);
 * - every other message event, and every other kind of event → ignored.
 * Each event is about its own `rcpt_to`, cc and bcc recipients included.
 */
export function mapSparkPostElement(element: unknown): SparkPostMapping {
  if (!isObject(element)) return { kind: 'ignored', eventType: null, reason: 'not-an-object' };
  const msys = element.msys;
  const raw = isObject(msys) && isObject(msys.message_event) ? msys.message_event : null;
  if (raw === null) {
    // The kind of event (`track_event`, …) as its detail, cut: the key is the sender's to log, not to trust.
    const kind = isObject(msys) ? Object.keys(msys)[0]?.slice(0, MAX_KIND_LENGTH) : undefined;
    return { kind: 'ignored', eventType: kind ?? null, reason: 'not-a-message-event' };
  }
  return mapSparkPostMessageEvent(raw);
}

/** One `msys.message_event`, as `mapSparkPostElement` says. */
export function mapSparkPostMessageEvent(raw: SparkPostEvent): SparkPostMapping {
  const eventType = label(raw.type);
  const ignored = (reason: SparkPostIgnoreReason): SparkPostMapping => ({ kind: 'ignored', eventType, reason });
  if (eventType === null) return ignored('not-a-delivery-outcome');
  const bounceClass = label(raw.bounce_class);

  let kind: 'bounce' | 'complaint' | 'delivery';
  if (FAILURES.has(eventType)) {
    if (bounceClass !== null && NOT_FAILURES.has(bounceClass)) return ignored('not-a-failure');
    kind = 'bounce';
  } else if (eventType === 'spam_complaint') kind = 'complaint';
  else if (eventType === 'delivery') kind = 'delivery';
  else return ignored('not-a-delivery-outcome');

  // `rcpt_to` is the address as SparkPost delivers to it; `raw_rcpt_to` as it was given.
  const email = EmailAddress.fromProvider(raw.rcpt_to) ?? EmailAddress.fromProvider(raw.raw_rcpt_to);
  if (email === null) return ignored('no-usable-address');

  const common = {
    email,
    source: 'sparkpost' as const,
    providerEventId: eventKeyOf(raw, email),
    providerMessageId: providerText(raw.message_id, MAX_PROVIDER_ID_LENGTH),
    campaignId: campaignIdOf(raw),
    rawPayload: raw,
  };
  switch (kind) {
    case 'bounce':
      return {
        kind: 'event',
        eventType,
        event: {
          ...common,
          kind: 'bounce',
          ...causeOf(eventType, bounceClass, raw),
          subtype: providerText(raw.bounce_class, MAX_BOUNCE_SUBTYPE_LENGTH),
          diagnosticCode: diagnosticOf(raw),
        },
      };
    case 'complaint':
      return {
        kind: 'event',
        eventType,
        event: { ...common, kind: 'complaint', subtype: null, feedbackType: providerText(raw.fbtype, MAX_BOUNCE_SUBTYPE_LENGTH) },
      };
    case 'delivery':
      return { kind: 'event', eventType, event: { ...common, kind: 'delivery' } };
  }
}

/**
 * Why it bounced (docs/bounce-classification.md): the `bounce_class` is the strongest evidence,
 * the server's answer (`raw_reason`, else `reason`) may choose a finer reason within it. The
 * type is the classifier's, SparkPost's Hard/Soft word only where nothing names a cause.
 */
function causeOf(eventType: string, bounceClass: string | null, raw: SparkPostEvent): Pick<BounceEvent, 'bounceType' | 'classification'> {
  const diagnostic = textOrNull(raw.raw_reason) ?? textOrNull(raw.reason);
  const classify = (cls: string | null): BounceClassification =>
    classifyBounce({
      provider: { scheme: 'sparkpost', bounceClass: cls },
      replyCode: scalarText(raw.error_code),
      diagnostic,
      providerType: cls !== null && HARD_CLASSES.has(cls) ? 'hard' : 'soft',
    });
  let classification = classify(bounceClass);
  if (eventType === 'policy_rejection' && classification.category !== 'sender' && !(bounceClass !== null && HARD_CLASSES.has(bounceClass))) {
    classification = classify(POLICY_CLASS);
  }
  const word = bounceClass !== null && HARD_CLASSES.has(bounceClass) ? 'hard' : 'soft';
  return { bounceType: classification.type === 'complaint' ? word : classification.type, classification: bounceCause(classification) };
}

/**
 * The dedupe key (docs/providers.md, "SparkPost"): `event_id`, unique per event and the same in
 * every re-delivery of its batch; hashed when longer than a key holds. Without one, a digest of
 * the event's own fields, which are the same on every re-delivery too. Both derived forms carry
 * a `:`, which SparkPost's numeric ids never do, so a derived key can never equal a real one.
 */
function eventKeyOf(raw: SparkPostEvent, email: EmailAddress): string {
  const id = providerText(raw.event_id, Number.MAX_SAFE_INTEGER);
  if (id !== null) return id.length <= MAX_PROVIDER_ID_LENGTH ? id : `sha256:${sha256(id)}`;
  const fields = [raw.type, email.value, raw.timestamp, raw.message_id, raw.bounce_class, raw.raw_reason].map(scalarOrNull);
  return `derived:sha256:${sha256(JSON.stringify(fields))}`;
}

/**
 * The campaign: `campaign_id` in the recipient's metadata (`rcpt_meta`, the sender's own), else
 * SparkPost's `campaign_id` of the transmission. A value the platform could never have given a
 * campaign (a name with spaces, over 100 characters, …) links to nothing.
 */
function campaignIdOf(raw: SparkPostEvent): string | null {
  const meta = isObject(raw.rcpt_meta) ? raw.rcpt_meta : null;
  return CampaignId.tryParse(meta?.campaign_id)?.value ?? CampaignId.tryParse(raw.campaign_id)?.value ?? null;
}

/** The receiving server's words as SparkPost kept them (`raw_reason`), else its redacted `reason`. */
function diagnosticOf(raw: SparkPostEvent): string | null {
  return providerText(raw.raw_reason, MAX_DIAGNOSTIC_CODE_LENGTH) ?? providerText(raw.reason, MAX_DIAGNOSTIC_CODE_LENGTH);
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** SparkPost sends numbers as strings, and sometimes as numbers. */
function scalarText(value: unknown): string | null {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : null;
}

/** A provider label compared without regard to case or surrounding blanks; a number as its digits. */
function label(value: unknown): string | null {
  const text = scalarText(value)?.trim().toLowerCase();
  return text ? text : null;
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
