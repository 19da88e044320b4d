import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type BounceCause, bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';

/**
 * Why a report of a Resend webhook gives no event: a type we do not use (`email.sent`,
 * `email.opened`, `contact.*`, …), a send that failed at Resend for a reason of its own or ours
 * (a quota, an unverified domain), or a recipient that names no usable address.
 */
export type ResendIgnoreReason = 'not-used' | 'failed-at-resend' | 'no-usable-address';

/** One Resend webhook: one report per recipient of `data.to` for the types we use, one otherwise. */
export type ResendMapping = WebhookMapping<ResendIgnoreReason>;

type Json = Record<string, unknown>;

/**
 * Resend's `bounce.type`, which is Amazon SES's (Resend sends through SES; its docs also say
 * `Temporary`), as SES's word and the hard/soft word it carries. A type not listed is read as
 * soft: suppressed at the threshold, never on a word we cannot read.
 */
const BOUNCE_TYPES: Readonly<Record<string, { readonly ses: string; readonly word: 'hard' | 'soft' }>> = {
  permanent: { ses: 'Permanent', word: 'hard' },
  transient: { ses: 'Transient', word: 'soft' },
  temporary: { ses: 'Transient', word: 'soft' },
  undetermined: { ses: 'Undetermined', word: 'soft' },
};

/** What Resend's own suppression list is, in SES's words: its account-level list. */
const RESEND_SUPPRESSION = { scheme: 'ses', bounceType: 'Permanent', bounceSubType: 'OnAccountSuppressionList' } as const;

/**
 * `email.failed` reasons (`failed.reason`, e.g. `reached_daily_quota`) that blame the address,
 * first match wins. Every other failure (a quota, an API key, an unverified domain, …) is
 * Resend's or ours: ignored, whatever the address.
 */
const FAILED_ADDRESS_CAUSES: ReadonlyArray<{ readonly pattern: RegExp; readonly cause: 'suppressed' | 'invalid-address' }> = [
  { pattern: /suppress/i, cause: 'suppressed' },
  { pattern: /invalid[\s_-]*(recipient|to|email|address)|(recipient|address|email)[\s_-]*(is[\s_-]*)?invalid/i, cause: 'invalid-address' },
];

const INVALID_ADDRESS: BounceCause = { reason: 'user_unknown', category: 'recipient', status: null, remoteMta: null };

/**
 * A Resend webhook (docs/providers.md, "Resend") in provider-neutral terms, one event per
 * recipient of `data.to`:
 * - `email.bounced` → a bounce classified from `bounce.type`/`subType` (SES's vocabulary) and
 *   the server's words (`bounce.diagnosticCode`, `bounce.message`); without a type, hard by
 *   Resend's definition of the event ("permanently rejected");
 * - `email.suppressed` → a hard bounce, reason `suppressed` (Resend refused to send to an
 *   address on its suppression list, as SES's `OnAccountSuppressionList` is read);
 * - `email.complained` → a complaint; `email.delivered` → a delivery (ends a run of soft bounces);
 * - `email.failed` → ignored unless `failed.reason` blames the address;
 * - anything else → ignored.
 * The dedupe key is the `svix-id` (the same on every re-delivery) and the recipient.
 */
export function mapResendEvent(svixId: string, event: Json): ResendMapping {
  const type = typeof event.type === 'string' ? event.type.trim().toLowerCase() : '';
  switch (type) {
    case 'email.bounced':
      return perRecipient(svixId, event, (data) => bounceOf(data));
    case 'email.suppressed':
      return perRecipient(svixId, event, (data) => suppressionOf(data));
    case 'email.complained':
      return perRecipient(svixId, event, () => ({ kind: 'complaint', subtype: null, feedbackType: null }));
    case 'email.delivered':
      return perRecipient(svixId, event, () => ({ kind: 'delivery' }));
    case 'email.failed': {
      const data = dataOf(event);
      const reason = providerText(objectOr(data.failed).reason, MAX_BOUNCE_SUBTYPE_LENGTH);
      const cause = reason === null ? undefined : FAILED_ADDRESS_CAUSES.find(({ pattern }) => pattern.test(reason))?.cause;
      if (cause === undefined) return ignoredWhole('failed-at-resend', `email.failed (${reason ?? 'no reason'}) is not the address's fault`);
      return perRecipient(svixId, event, () =>
        cause === 'suppressed'
          ? { ...suppressed(), subtype: reason, diagnosticCode: reason }
          : { kind: 'bounce', bounceType: 'hard', classification: INVALID_ADDRESS, subtype: reason, diagnosticCode: reason },
      );
    }
    default:
      return ignoredWhole('not-used', `Resend ${printable(type || String(event.type))} events are not used`);
  }
}

type Outcome =
  | Pick<BounceEvent, 'kind' | 'bounceType' | 'classification' | 'subtype' | 'diagnosticCode'>
  | { kind: 'complaint'; subtype: null; feedbackType: null }
  | { kind: 'delivery' };

/**
 * Why the message bounced: Resend's `bounce.type` and `subType` (SES's words, so SES's table),
 * and the receiving server's answer (`diagnosticCode`, then `message`, which Resend fills with
 * the server's text or SES's explanation). The type is the classifier's: a refusal of the sender
 * is soft (and category `sender`) whatever Resend called it.
 */
function bounceOf(data: Json): Outcome {
  const bounce = objectOr(data.bounce);
  const given = typeof bounce.type === 'string' && bounce.type.trim() !== '' ? bounce.type.trim().toLowerCase() : null;
  const known = given !== null && Object.hasOwn(BOUNCE_TYPES, given) ? BOUNCE_TYPES[given] : null;
  const word = given === null ? 'hard' : (known?.word ?? 'soft');
  const diagnostic = diagnosticOf(bounce);
  const classification = classifyBounce({
    provider: { scheme: 'ses', bounceType: known?.ses ?? null, bounceSubType: textOrNull(bounce.subType) },
    diagnostic,
    providerType: word,
  });
  return {
    kind: 'bounce',
    bounceType: classification.type === 'complaint' ? word : classification.type,
    classification: bounceCause(classification),
    subtype: providerText(bounce.subType, MAX_BOUNCE_SUBTYPE_LENGTH) ?? providerText(bounce.type, MAX_BOUNCE_SUBTYPE_LENGTH),
    diagnosticCode: diagnostic,
  };
}

function suppressionOf(data: Json): Outcome {
  const detail = objectOr(data.suppressed);
  return {
    ...suppressed(),
    subtype: providerText(detail.type, MAX_BOUNCE_SUBTYPE_LENGTH) ?? RESEND_SUPPRESSION.bounceSubType,
    diagnosticCode: providerText(detail.message, MAX_DIAGNOSTIC_CODE_LENGTH),
  };
}

/** A send Resend refused because the address is on its suppression list: hard, reason `suppressed`. */
function suppressed(): Pick<BounceEvent, 'kind' | 'bounceType' | 'classification'> {
  const classification = classifyBounce({ provider: RESEND_SUPPRESSION, providerType: 'hard' });
  return { kind: 'bounce', bounceType: classification.type === 'soft' ? 'soft' : 'hard', classification: bounceCause(classification) };
}

/** `bounce.diagnosticCode` (documented as an array of SMTP answers; a string is taken too), then `bounce.message`. */
function diagnosticOf(bounce: Json): string | null {
  const codes = (Array.isArray(bounce.diagnosticCode) ? bounce.diagnosticCode : [bounce.diagnosticCode])
    .map((code) => providerText(code, MAX_DIAGNOSTIC_CODE_LENGTH))
    .filter((code): code is string => code !== null);
  const message = providerText(bounce.message, MAX_DIAGNOSTIC_CODE_LENGTH);
  const parts = message !== null && !codes.some((code) => code.includes(message)) ? [...codes, message] : codes;
  return providerText(parts.join('\n'), MAX_DIAGNOSTIC_CODE_LENGTH);
}

function perRecipient(svixId: string, event: Json, outcomeOf: (data: Json) => Outcome): ResendMapping {
  const data = dataOf(event);
  const recipients = recipientsOf(data.to);
  const outcome = outcomeOf(data);
  const common = {
    source: 'resend' as const,
    providerMessageId: providerText(data.email_id, MAX_PROVIDER_ID_LENGTH),
    campaignId: campaignIdOf(data.tags),
  };
  const events: DeliveryEvent[] = [];
  const ignored: Array<IgnoredReport<ResendIgnoreReason>> = [];
  recipients.forEach((recipient, index) => {
    const email = EmailAddress.fromProvider(addressIn(recipient));
    if (email === null) {
      ignored.push({ reason: 'no-usable-address', detail: `data.to[${index}] names no usable address` });
      return;
    }
    events.push({
      ...outcome,
      ...common,
      email,
      providerEventId: eventIdOf(svixId, email),
      rawPayload: { ...event, data: { ...data, to: [recipient] } },
    } as DeliveryEvent);
  });
  return { received: recipients.length, events, ignored };
}

/** The event's `data`, which every email event carries. */
function dataOf(event: Json): Json {
  if (!isObject(event.data)) throw new MalformedWebhookError(`The Resend ${printable(String(event.type))} event has no data object`);
  return event.data;
}

/** `data.to`: documented as an array of addresses; a single string is taken too. */
function recipientsOf(to: unknown): readonly unknown[] {
  if (Array.isArray(to)) return to;
  if (typeof to === 'string') return [to];
  throw new MalformedWebhookError('The Resend event has no data.to list of recipients');
}

/** `Name <address>` (as Resend writes `from`, and a sender may write `to`) reduced to the address. */
function addressIn(recipient: unknown): unknown {
  if (typeof recipient !== 'string') return recipient;
  const bracketed = /<([^<>]*)>\s*$/.exec(recipient);
  return bracketed ? bracketed[1] : recipient;
}

/**
 * The dedupe key: the `svix-id` (one per message Svix delivers, kept on its retries and replays)
 * and the recipient, as one message can name several. A key too long for its column becomes
 * its SHA-256.
 */
function eventIdOf(svixId: string, email: EmailAddress): string {
  // eslint-disable-next-line no-control-regex -- NUL is looked for on purpose
  const key = `${svixId.replace(/\u0000/g, '')}:${email.value}`;
  return key.length <= MAX_PROVIDER_ID_LENGTH ? key : createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A `campaign_id` tag: `data.tags` is documented as an object of tag names and values; the
 * send API's form, an array of `{ name, value }`, is taken too. A value that is no campaign id
 * links to nothing.
 */
function campaignIdOf(tags: unknown): string | null {
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (isObject(tag) && typeof tag.name === 'string' && tag.name.trim() === 'campaign_id') {
        const id = CampaignId.tryParse(tag.value);
        if (id !== null) return id.value;
      }
    }
    return null;
  }
  return isObject(tags) && Object.hasOwn(tags, 'campaign_id') ? (CampaignId.tryParse(tags.campaign_id)?.value ?? null) : null;
}

function ignoredWhole(reason: ResendIgnoreReason, detail: string): ResendMapping {
  return { received: 1, events: [], ignored: [{ reason, detail }] };
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** A provider's label made safe for a log line. */
function printable(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
