import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type BounceCause, bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';

/**
 * Why an element of a Brevo request became no `DeliveryEvent`. The request is still answered
 * 2xx: the rest of a batch is real, and Brevo would re-send the whole of it.
 */
export type BrevoIgnoreReason =
  /** An element of a batch that is not a JSON object (Brevo never sends one: logged). */
  | 'not-an-object'
  /** An event that says nothing about the mailbox (`request`, `opened`, `click`, `unsubscribed`, `deferred`, `error`, unknown, none, …). */
  | 'not-a-delivery-outcome'
  /** `blocked` because the contact unsubscribed: Brevo's list, not a bounce (its own `unsubscribed` event is ignored too). */
  | 'blocked-for-unsubscription'
  /** A bounce, complaint or delivery whose `email` cannot be an address at all (logged). */
  | 'no-usable-address';

export type BrevoMapping =
  | { readonly kind: 'event'; readonly eventType: string; readonly event: DeliveryEvent }
  | { readonly kind: 'ignored'; readonly eventType: string | null; readonly reason: BrevoIgnoreReason };

type BrevoEvent = Readonly<Record<string, unknown>>;

type Outcome = 'hard-bounce' | 'soft-bounce' | 'blocked' | 'invalid-email' | 'complaint' | 'delivery';

/**
 * Brevo's event names, compared in lower case without `_`: the transactional webhook's
 * (`hard_bounce`, `invalid_email`) and the names its marketing webhook and its API use for the
 * same events (`hardBounce`, `softBounce`, `invalid`). `spam` is the complaint of both;
 * `complaint` is accepted as its synonym.
 */
const OUTCOMES: Readonly<Record<string, Outcome>> = {
  hardbounce: 'hard-bounce',
  softbounce: 'soft-bounce',
  blocked: 'blocked',
  invalidemail: 'invalid-email',
  invalid: 'invalid-email',
  spam: 'complaint',
  complaint: 'complaint',
  delivered: 'delivery',
};

/**
 * What a `blocked` event's `reason` says of why Brevo refused to send, the first match wins.
 * Brevo blocks an address it has on its blocklist (it hard-bounced or complained before):
 * that is its suppression list, as SES's is. Every other block (the sender, its domain or
 * account, content, no reason given) is the sender's, and never costs the address anything.
 */
const BLOCK_REASONS: ReadonlyArray<{ readonly pattern: RegExp; readonly means: 'unsubscribed' | 'address-blocklisted' }> = [
  { pattern: /unsubscri/i, means: 'unsubscribed' },
  {
    pattern:
      /\b(?:black|block)[- ]?list(?:ed)?[ _-]?(?:user|contact|recipient|email|address)\b|\b(?:user|contact|recipient|email|address) (?:is )?(?:black|block)[- ]?listed\b|\bhard[ _-]?bounce|\bspam(?:mer)? (?:complaint|reporter)/i,
    means: 'address-blocklisted',
  },
];

const BLOCKLISTED_ADDRESS: BounceCause = { reason: 'suppressed', category: 'recipient', status: null, remoteMta: null };
const SENDER_BLOCKED: BounceCause = { reason: 'blocked', category: 'sender', status: null, remoteMta: null };
/** An invalid address whose reason names nothing finer: the address cannot take mail. */
const INVALID_ADDRESS: BounceCause = { reason: 'user_unknown', category: 'recipient', status: null, remoteMta: null };

/** Keys of a JSON `X-Mailin-custom` object that may carry the platform's campaign id, the first that does wins. */
const CAMPAIGN_KEYS = ['campaign_id', 'campaignId', 'campaign-id', 'campaign'];

/**
 * A Brevo request's events: one JSON object, or a batch (a JSON array, Brevo's "batched
 * webhooks"), each element an event or ignored. The detail of an ignored element is its
 * position and event name (or JSON type), never its address.
 */
export function mapBrevoEvents(elements: readonly unknown[]): WebhookMapping<BrevoIgnoreReason> {
  const events: DeliveryEvent[] = [];
  const ignored: Array<IgnoredReport<BrevoIgnoreReason>> = [];
  elements.forEach((element, index) => {
    const mapping = mapBrevoEvent(element);
    if (mapping.kind === 'event') events.push(mapping.event);
    else ignored.push({ reason: mapping.reason, detail: `#${index} (${mapping.reason === 'not-an-object' ? jsonTypeOf(element) : mapping.eventType})` });
  });
  return { events, received: elements.length, ignored };
}

/** The event name of an event `mapBrevoEvent` gave (its raw payload is the element). */
export function brevoEventTypeOf(event: DeliveryEvent): string | null {
  return providerText((event.rawPayload as BrevoEvent).event, MAX_BOUNCE_SUBTYPE_LENGTH);
}

/**
 * One Brevo webhook event (docs/providers.md, "Brevo") in provider-neutral terms:
 * - `hard_bounce`/`hardBounce` → hard, `soft_bounce`/`softBounce` → soft, Brevo's word; the
 *   receiving server's `reason` decides the cause (a sender block is soft whatever the word);
 * - `blocked` (Brevo refused to send): the address on Brevo's blocklist → `suppressed`; a
 *   block for unsubscription → ignored; any other block → `blocked`, category sender;
 * - `invalid_email`/`invalid` → hard, `user_unknown` unless the reason names a finer
 *   recipient reason (an unknown domain: `host_unknown`);
 * - `spam`/`complaint` → complaint; `delivered` → a delivery (ends a run of soft bounces);
 * - anything else → ignored.
 */
export function mapBrevoEvent(element: unknown): BrevoMapping {
  if (!isObject(element)) return { kind: 'ignored', eventType: null, reason: 'not-an-object' };
  const raw: BrevoEvent = element;
  const eventType = providerText(raw.event, MAX_BOUNCE_SUBTYPE_LENGTH);
  const ignored = (reason: BrevoIgnoreReason): BrevoMapping => ({ kind: 'ignored', eventType, reason });
  const name = eventType?.toLowerCase().replace(/[_\s-]/g, '') ?? '';
  const outcome = Object.hasOwn(OUTCOMES, name) ? OUTCOMES[name] : undefined;
  if (eventType === null || outcome === undefined) return ignored('not-a-delivery-outcome');

  const reason = providerText(raw.reason, MAX_DIAGNOSTIC_CODE_LENGTH);
  if (outcome === 'blocked' && blockOf(reason) === 'unsubscribed') return ignored('blocked-for-unsubscription');

  const email = EmailAddress.fromProvider(raw.email);
  if (email === null) return ignored('no-usable-address');

  const common = {
    email,
    source: 'brevo' as const,
    providerEventId: eventKeyOf(raw, email),
    providerMessageId: providerText(raw['message-id'], MAX_PROVIDER_ID_LENGTH),
    campaignId: campaignIdOf(raw),
    rawPayload: raw,
  };
  switch (outcome) {
    case 'complaint':
      return { kind: 'event', eventType, event: { ...common, kind: 'complaint', subtype: eventType, feedbackType: null } };
    case 'delivery':
      return { kind: 'event', eventType, event: { ...common, kind: 'delivery' } };
    default:
      return { kind: 'event', eventType, event: { ...common, kind: 'bounce', ...causeOf(outcome, reason), subtype: eventType, diagnosticCode: reason } };
  }
}

/**
 * Why it bounced (docs/bounce-classification.md). Brevo names no cause field of its own beyond
 * the event: its hard/soft word goes to the classifier with the server's `reason`; `blocked`
 * and `invalid_email` are Brevo's own verdicts, read from this folder's tables.
 */
function causeOf(outcome: Exclude<Outcome, 'complaint' | 'delivery'>, reason: string | null): Pick<BounceEvent, 'bounceType' | 'classification'> {
  switch (outcome) {
    case 'hard-bounce':
    case 'soft-bounce': {
      const word = outcome === 'hard-bounce' ? 'hard' : 'soft';
      const classification = classifyBounce({ diagnostic: reason, providerType: word });
      return { bounceType: classification.type === 'complaint' ? word : classification.type, classification: bounceCause(classification) };
    }
    case 'blocked':
      return blockOf(reason) === 'address-blocklisted'
        ? { bounceType: 'hard', classification: BLOCKLISTED_ADDRESS }
        : { bounceType: 'soft', classification: SENDER_BLOCKED };
    case 'invalid-email': {
      // The server's words may name a finer reason the address cannot take mail (an unknown domain), never a lesser one.
      const classification = classifyBounce({ diagnostic: reason, providerType: 'hard' });
      return classification.category === 'recipient'
        ? { bounceType: 'hard', classification: bounceCause(classification) }
        : { bounceType: 'hard', classification: { ...INVALID_ADDRESS, status: classification.status } };
    }
  }
}

function blockOf(reason: string | null): 'unsubscribed' | 'address-blocklisted' | 'sender' {
  if (reason === null) return 'sender';
  return BLOCK_REASONS.find(({ pattern }) => pattern.test(reason))?.means ?? 'sender';
}

/**
 * The dedupe key (docs/providers.md, "Brevo"): Brevo gives no event id, so a SHA-256 digest of
 * the event name, the address, `message-id` and `ts_epoch`, which are the same on every
 * re-delivery. A marketing event carries neither of the last two; its campaign, its ids and
 * its times (`camp_id`, `id`, `ts_event`, `ts`, `date`) join the digest then, so that two
 * campaigns' bounces of one address are two reports.
 */
function eventKeyOf(raw: BrevoEvent, email: EmailAddress): string {
  const fields = [raw.event, email.value, raw['message-id'], raw.ts_epoch].map(scalarOrNull);
  if (fields[2] === null || fields[3] === null) fields.push(...[raw.camp_id, raw.id, raw.ts_event, raw.ts, raw.date].map(scalarOrNull));
  return `sha256:${sha256(JSON.stringify(fields))}`;
}

/**
 * The platform's campaign: from `X-Mailin-custom` (the header the sender set, as a JSON object
 * with a `campaign_id`, or `key:value` pairs such as `campaign_id:jan-2026|user:42`), else the
 * `tag`, else the first of `tags`. A value that could not be a campaign id links to nothing.
 */
function campaignIdOf(raw: BrevoEvent): string | null {
  const fromCustom = campaignFromCustom(raw['X-Mailin-custom']);
  if (fromCustom !== null) return fromCustom;
  const tag = CampaignId.tryParse(raw.tag);
  if (tag !== null) return tag.value;
  return Array.isArray(raw.tags) && raw.tags.length > 0 ? (CampaignId.tryParse(raw.tags[0])?.value ?? null) : null;
}

function campaignFromCustom(custom: unknown): string | null {
  let value = custom;
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (isObject(value)) {
    for (const key of CAMPAIGN_KEYS) {
      const id = Object.hasOwn(value, key) ? CampaignId.tryParse(value[key]) : null;
      if (id !== null) return id.value;
    }
    return null;
  }
  if (typeof value !== 'string') return null;
  for (const pair of value.split(/[|;,&\n]/)) {
    const match = /^\s*([\w-]+)\s*[:=]\s*(.*?)\s*$/.exec(pair);
    if (match !== null && CAMPAIGN_KEYS.includes(match[1])) {
      const id = CampaignId.tryParse(match[2]);
      if (id !== null) return id.value;
    }
  }
  return null;
}

function scalarOrNull(value: unknown): string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

function jsonTypeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
