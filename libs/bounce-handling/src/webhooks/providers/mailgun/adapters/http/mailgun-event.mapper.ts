import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type BounceEvidence, bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import {
  MAX_BOUNCE_SUBTYPE_LENGTH,
  MAX_DIAGNOSTIC_CODE_LENGTH,
  MAX_PROVIDER_ID_LENGTH,
  MAX_REMOTE_MTA_LENGTH,
  providerText,
} from '../../../../../shared/domain/provider-text';
import type { WebhookMapping } from '../../../../application/webhook-mapping';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { isRecord, type MailgunForm, type MailgunPayload } from './mailgun-payload.parser';

/** Why a well-formed, authentic webhook stores nothing. */
export type MailgunIgnoreReason =
  /** Not about deliverability: `opened`, `clicked`, `accepted`, `rejected`, `unsubscribed`, `stored`, … */
  | 'not-a-delivery-event'
  /** The JSON `rejected` event and some legacy `delivered` ones name no recipient. */
  | 'no-recipient'
  /** Something that cannot be an address at all (see `EmailAddress.fromProvider`). */
  | 'unusable-recipient'
  /** A temporary failure from greylisting: a delay tactic of the receiver, not a mailbox problem. */
  | 'greylisted'
  /** A `failed` event whose `severity` is neither `permanent` nor `temporary`. */
  | 'unknown-severity'
  /** Mailgun did not send because the address is on its unsubscribe list: the mailbox works. */
  | 'suppressed-unsubscribe'
  /** A legacy `dropped` that names no address failure (given up after retries, too old, unsubscribed). */
  | 'not-an-address-failure';

export type MailgunMapping =
  { readonly kind: 'event'; readonly event: DeliveryEvent } | { readonly kind: 'ignored'; readonly reason: MailgunIgnoreReason; readonly eventName: string };

type Classification =
  | { readonly kind: 'bounce'; readonly bounceType: 'hard' | 'soft' }
  | { readonly kind: 'complaint' }
  | { readonly kind: 'delivery' }
  | { readonly kind: 'ignored'; readonly reason: MailgunIgnoreReason };

/** What one report says, read from either format. */
interface Report {
  readonly eventName: string;
  readonly recipient: string | null;
  /** Mailgun's `event-data.id`; the legacy form has none. */
  readonly eventId: string | null;
  readonly timestamp: string | null;
  readonly messageId: string | null;
  /** As the sender set it: read as a campaign id later (none when it is not one). */
  readonly campaignId: unknown;
  readonly subtype: string | null;
  readonly diagnosticCode: string | null;
  /** What the report says about why it bounced, for the classifier (docs/bounce-classification.md). */
  readonly evidence: BounceEvidence;
  /** The receiving server that answered (`delivery-status.mx-host`); the legacy form names none. */
  readonly remoteMta: string | null;
  readonly rawPayload: unknown;
}

/**
 * An authentic Mailgun webhook as the delivery event it reports, or ignored for a reason
 * (the event's name as its detail). One webhook is one report.
 */
export function mapMailgunPayload(payload: MailgunPayload): WebhookMapping<MailgunIgnoreReason> {
  const mapping = mapMailgunReport(payload);
  return mapping.kind === 'event'
    ? { events: [mapping.event], received: 1, ignored: [] }
    : { events: [], received: 1, ignored: [{ reason: mapping.reason, detail: mapping.eventName }] };
}

/**
 * Turns an authentic Mailgun webhook into the delivery event it reports, or says why it
 * reports none. A body whose structure is not Mailgun's throws `MalformedWebhookError` (a
 * 406: Mailgun does not retry it).
 */
export function mapMailgunReport(payload: MailgunPayload): MailgunMapping {
  return payload.format === 'json' ? mapJson(payload.eventData) : mapForm(payload.form);
}

// --- current (JSON) webhooks ------------------------------------------------------------

function mapJson(eventData: unknown): MailgunMapping {
  if (eventData === undefined) throw malformed('The body has no "event-data"');
  if (!isRecord(eventData)) throw malformed('"event-data" must be an object');
  const eventName = eventData.event;
  if (typeof eventName !== 'string' || eventName.trim() === '') throw malformed('"event-data.event" must be a non-empty string');

  const classification = classifyJson(eventName, eventData);
  if (classification.kind === 'ignored') return ignored(classification.reason, eventName);

  const message = optionalRecord(eventData, 'message', 'event-data.message');
  const headers = message === null ? null : optionalRecord(message, 'headers', 'event-data.message.headers');
  const status = optionalRecord(eventData, 'delivery-status', 'event-data.delivery-status');
  const variables = optionalRecord(eventData, 'user-variables', 'event-data.user-variables');
  return build(classification, {
    eventName,
    recipient: optionalString(eventData, 'recipient', 'event-data.recipient'),
    eventId: optionalString(eventData, 'id', 'event-data.id'),
    timestamp: scalarText(eventData.timestamp),
    messageId: headers === null ? null : optionalString(headers, 'message-id', 'event-data.message.headers.message-id'),
    campaignId: variables === null ? null : variables.campaign_id,
    subtype: optionalString(eventData, 'reason', 'event-data.reason'),
    diagnosticCode: status === null ? null : diagnostic(status.code, firstText(status.message, status.description)),
    evidence: {
      provider: { scheme: 'mailgun', severity: scalarText(eventData.severity), reason: scalarText(eventData.reason) },
      replyCode: status === null ? null : scalarText(status.code),
      diagnostic: status === null ? null : allText(status.message, status.description),
    },
    remoteMta: status === null ? null : providerText(status['mx-host'], MAX_REMOTE_MTA_LENGTH),
    rawPayload: eventData,
  });
}

function classifyJson(eventName: string, eventData: Record<string, unknown>): Classification {
  switch (eventName) {
    case 'delivered':
      return { kind: 'delivery' };
    case 'complained':
      return { kind: 'complaint' };
    case 'failed': {
      const severity = optionalString(eventData, 'severity', 'event-data.severity');
      const reason = optionalString(eventData, 'reason', 'event-data.reason');
      if (severity === 'permanent') {
        // Mailgun refused to send to an address on one of its suppression lists. A past
        // complaint is still a complaint (as legacy code 607); a past unsubscribe is no
        // failure of the mailbox; a past bounce is a bounce (as legacy code 605).
        if (reason === 'suppress-complaint') return { kind: 'complaint' };
        if (reason === 'suppress-unsubscribe') return { kind: 'ignored', reason: 'suppressed-unsubscribe' };
        return { kind: 'bounce', bounceType: 'hard' };
      }
      if (severity === 'temporary') {
        // Greylisting clears on Mailgun's next attempt; counted, it could push an address
        // over the soft threshold minutes before the delivery that would have reset it. If it
        // never clears, Mailgun reports the message's final failure, which is taken.
        if (reason === 'greylisted') return { kind: 'ignored', reason: 'greylisted' };
        return { kind: 'bounce', bounceType: 'soft' };
      }
      return { kind: 'ignored', reason: 'unknown-severity' };
    }
    default:
      return { kind: 'ignored', reason: 'not-a-delivery-event' };
  }
}

// --- legacy (form) webhooks --------------------------------------------------------------

function mapForm(form: MailgunForm): MailgunMapping {
  // Mailgun's own values come first when the sender's variables reuse a name.
  const eventName = form.first('event');
  if (eventName === null || eventName.trim() === '') {
    throw malformed(form.has('sender') ? 'This is an inbound-route post, not an event webhook' : 'The form has no "event" field');
  }
  const code = providerText(form.first('code'), MAX_BOUNCE_SUBTYPE_LENGTH);
  const text = firstText(form.first('error'), form.first('notification'), form.first('description'));

  const classification = classifyLegacy(eventName, code, text);
  if (classification.kind === 'ignored') return ignored(classification.reason, eventName);

  const headers = messageHeaders(form.first('message-headers'));
  return build(classification, {
    eventName,
    recipient: form.first('recipient'),
    eventId: null,
    // The form's only timestamp is its signature's, made afresh for every delivery of the
    // same event: it cannot name the event. A legacy event is one event name, one recipient
    // and one message (legacy events are hard bounces and complaints: one per message).
    timestamp: null,
    messageId: form.first('Message-Id') ?? form.first('message-id') ?? headers.get('message-id') ?? null,
    campaignId:
      form.first('campaign_id') ?? variable(form.first('X-Mailgun-Variables'), 'campaign_id') ?? variable(headers.get('x-mailgun-variables'), 'campaign_id'),
    subtype: code ?? form.first('reason'),
    diagnosticCode: diagnostic(code, text),
    // The form's `code` is Mailgun's own (605, 607), a reply code (550) or a status code (5.1.1).
    evidence: {
      provider: { scheme: 'mailgun', reason: form.first('reason'), code },
      replyCode: code !== null && REPLY_CODE.test(code) ? code : null,
      status: code !== null && STATUS_CODE.test(code) ? code : null,
      diagnostic: text,
    },
    remoteMta: null,
    rawPayload: formRawPayload(form),
  });
}

/** Mailgun's own codes for a send it refused because of a past event of the address. */
const PREVIOUSLY_BOUNCED = '605';
const PREVIOUSLY_COMPLAINED = '607';
/** RFC 3463 X.1.Y: the address itself is bad (unknown mailbox, unknown domain, …). */
const ADDRESS_FAILURE_STATUS = /^5\.1\.\d{1,3}$/;
const ADDRESS_FAILURE_IN_TEXT = /\b5\.1\.\d{1,3}\b/;
/** A legacy `code` that is the receiving server's basic reply code, or its enhanced status code. */
const REPLY_CODE = /^[245]\d\d$/;
const STATUS_CODE = /^[245]\.\d{1,3}\.\d{1,3}$/;

function classifyLegacy(eventName: string, code: string | null, text: string | null): Classification {
  switch (eventName) {
    case 'delivered':
      return { kind: 'delivery' };
    case 'complained':
      return { kind: 'complaint' };
    case 'bounced':
      return { kind: 'bounce', bounceType: 'hard' };
    case 'dropped':
      if (code === PREVIOUSLY_COMPLAINED) return { kind: 'complaint' };
      if (code === PREVIOUSLY_BOUNCED) return { kind: 'bounce', bounceType: 'hard' };
      if ((code !== null && ADDRESS_FAILURE_STATUS.test(code)) || (text !== null && ADDRESS_FAILURE_IN_TEXT.test(text))) {
        return { kind: 'bounce', bounceType: 'hard' };
      }
      // Given up after retries (`maxfails`), too old (`old`), previously unsubscribed (606):
      // none of these says the mailbox is bad.
      return { kind: 'ignored', reason: 'not-an-address-failure' };
    default:
      return { kind: 'ignored', reason: 'not-a-delivery-event' };
  }
}

/** `message-headers`: a JSON list of `[name, value]` pairs; names lower-cased, first wins. */
function messageHeaders(json: string | null): Map<string, string> {
  const headers = new Map<string, string>();
  const parsed = parseJsonLeniently(json);
  if (!Array.isArray(parsed)) return headers;
  for (const pair of parsed) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') continue;
    const name = pair[0].toLowerCase();
    if (!headers.has(name)) headers.set(name, pair[1]);
  }
  return headers;
}

/** One value of an `X-Mailgun-Variables` JSON object. */
function variable(json: string | null | undefined, name: string): unknown {
  const parsed = parseJsonLeniently(json ?? null);
  return isRecord(parsed) ? (parsed[name] ?? null) : null;
}

const SIGNATURE_FIELDS = new Set(['signature', 'timestamp', 'token']);

/**
 * The form as an object for audit: repeated names keep every value (an array), and the
 * signature fields (the last `signature`, `timestamp` and `token`) are left out.
 */
function formRawPayload(form: MailgunForm): Record<string, string | string[]> {
  const lastOfSignatureField = new Map<string, number>();
  form.entries.forEach(([name], index) => {
    if (SIGNATURE_FIELDS.has(name)) lastOfSignatureField.set(name, index);
  });
  const signatureIndexes = new Set(lastOfSignatureField.values());
  const values = new Map<string, string[]>();
  form.entries.forEach(([name, value], index) => {
    if (signatureIndexes.has(index)) return;
    values.set(name, [...(values.get(name) ?? []), value]);
  });
  // fromEntries defines own properties, so that a field named "__proto__" stays a field.
  return Object.fromEntries([...values].map(([name, all]) => [name, all.length === 1 ? all[0] : all]));
}

// --- both formats --------------------------------------------------------------------------

function build(classification: Exclude<Classification, { kind: 'ignored' }>, report: Report): MailgunMapping {
  if (providerText(report.recipient, Number.MAX_SAFE_INTEGER) === null) return ignored('no-recipient', report.eventName);
  const email = EmailAddress.fromProvider(report.recipient);
  if (email === null) return ignored('unusable-recipient', report.eventName);

  const messageId = messageIdOf(report.messageId);
  const common = {
    email,
    source: 'mailgun' as const,
    providerEventId: eventKey(report, email, messageId),
    providerMessageId: messageId,
    campaignId: CampaignId.tryParse(report.campaignId)?.value ?? null,
    rawPayload: report.rawPayload,
  };
  const subtype = providerText(report.subtype, MAX_BOUNCE_SUBTYPE_LENGTH);
  switch (classification.kind) {
    case 'bounce':
      return {
        kind: 'event',
        event: { ...common, kind: 'bounce', ...causeOf(report, classification.bounceType), subtype, diagnosticCode: report.diagnosticCode },
      };
    case 'complaint':
      return { kind: 'event', event: { ...common, kind: 'complaint', subtype, feedbackType: null } };
    case 'delivery':
      return { kind: 'event', event: { ...common, kind: 'delivery' } };
  }
}

/**
 * Why the message bounced (docs/bounce-classification.md), the type being the classifier's:
 * the event's reading above is Mailgun's word (`permanent` hard, `temporary` soft), which a
 * refusal of the sender or a full mailbox overrules.
 */
function causeOf(report: Report, word: 'hard' | 'soft'): Pick<BounceEvent, 'bounceType' | 'classification'> {
  const classification = classifyBounce({ ...report.evidence, providerType: word });
  return {
    bounceType: classification.type === 'complaint' ? word : classification.type,
    classification: bounceCause(classification, report.remoteMta),
  };
}

/**
 * The dedupe key (docs/providers.md, "Mailgun"): Mailgun's event id when there is one, else a
 * digest of the event's own fields, which are the same in every re-delivery of it. The
 * prefixes keep the two kinds apart, so an id can never equal a digest.
 */
function eventKey(report: Report, email: EmailAddress, messageId: string | null): string {
  const id = providerText(report.eventId, Number.MAX_SAFE_INTEGER);
  if (id !== null) {
    const key = `id:${id}`;
    return key.length <= MAX_PROVIDER_ID_LENGTH ? key : `id-sha256:${sha256(id)}`;
  }
  return `sha256:${sha256(JSON.stringify([report.eventName, email.value, report.timestamp, messageId]))}`;
}

/** Without angle brackets, so that both formats name one message alike. */
function messageIdOf(value: unknown): string | null {
  const text = providerText(value, 10 * MAX_PROVIDER_ID_LENGTH);
  return providerText(text?.replace(/^<(.*)>$/s, '$1'), MAX_PROVIDER_ID_LENGTH);
}

/** The server's answer, preceded by its code unless the answer already names it. */
function diagnostic(code: unknown, text: string | null): string | null {
  const codeText = providerText(code, MAX_BOUNCE_SUBTYPE_LENGTH);
  const combined = codeText === null ? text : text === null ? codeText : text.includes(codeText) ? text : `${codeText} ${text}`;
  return providerText(combined, MAX_DIAGNOSTIC_CODE_LENGTH);
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const text = providerText(value, MAX_DIAGNOSTIC_CODE_LENGTH);
    if (text !== null) return text;
  }
  return null;
}

/** Every text among the values, joined by a space; null when there is none. */
function allText(...values: unknown[]): string | null {
  const texts = values.map((value) => providerText(value, MAX_DIAGNOSTIC_CODE_LENGTH)).filter((text): text is string => text !== null);
  return texts.length === 0 ? null : texts.join(' ');
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? value : null;
}

function optionalString(record: Record<string, unknown>, key: string, path: string): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw malformed(`"${path}" must be a string`);
  return value;
}

function optionalRecord(record: Record<string, unknown>, key: string, path: string): Record<string, unknown> | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw malformed(`"${path}" must be an object`);
  return value;
}

function parseJsonLeniently(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function ignored(reason: MailgunIgnoreReason, eventName: string): MailgunMapping {
  return { kind: 'ignored', reason, eventName };
}

function malformed(message: string): MalformedWebhookError {
  return new MalformedWebhookError(message);
}
