import { MAX_DIAGNOSTIC_CODE_LENGTH, providerText } from '../../shared/domain/provider-text';
import { type BounceEvidence, classifyBounce } from './bounce-classification/bounce-classifier';
import {
  type BounceCause,
  bounceCause,
  type BounceEvent,
  type ComplaintEvent,
  type BounceSource,
  type BounceType,
  COMPLAINT_CAUSE,
  MAX_BOUNCE_STATUS_LENGTH,
  MAX_REMOTE_MTA_LENGTH,
} from './delivery-event';

/** What a stored bounce keeps of its report: its columns, and the provider's raw event as stored (or as received). */
export interface StoredBounce {
  readonly bounceType: BounceType;
  readonly bounceSubtype: string | null;
  readonly diagnosticCode: string | null;
  readonly source: BounceSource;
  readonly rawPayload: unknown;
}

type Json = Readonly<Record<string, unknown>>;

/**
 * Why a stored bounce bounced, read again from what it kept (docs/bounce-classification.md, "Calling
 * it from a provider mapper"): the provider's raw event when it is readable, its columns when it is
 * not (no raw event, an excerpt of a long one, a shape of no known provider). A complaint is a
 * complaint; a bounce recorded through the API is read from its diagnostic, with its caller's type
 * as the word.
 *
 * Used to classify rows stored before causes were kept, and events that arrive without one: a
 * pure function, no clock, no I/O.
 */
export function causeOfStoredBounce(bounce: StoredBounce): BounceCause {
  if (bounce.bounceType === 'complaint') return COMPLAINT_CAUSE;
  const raw = isObject(bounce.rawPayload) && bounce.rawPayload.truncated !== true ? bounce.rawPayload : null;
  const read = raw === null ? null : readRaw(bounce.source, raw);
  const evidence: BounceEvidence = {
    providerType: bounce.bounceType,
    ...(read?.evidence ?? fromColumns(bounce)),
  };
  const diagnostic = evidence.diagnostic ?? bounce.diagnosticCode;
  const cause = bounceCause(classifyBounce({ ...evidence, diagnostic }), providerText(read?.remoteMta, MAX_REMOTE_MTA_LENGTH));
  return cause.status !== null && cause.status.length > MAX_BOUNCE_STATUS_LENGTH ? { ...cause, status: null } : cause;
}

/**
 * The cause a report is stored with: the one its source read (a mapper's, the API's), else read
 * here from the report's own fields as a stored row's would be. Storing it changes nothing of what
 * the policy was given: an event without a cause is applied as one whose cause is undetermined.
 */
export function causeToStore(event: BounceEvent | ComplaintEvent): BounceCause {
  if (event.kind === 'complaint') return COMPLAINT_CAUSE;
  return (
    event.classification ??
    causeOfStoredBounce({
      bounceType: event.bounceType,
      bounceSubtype: event.subtype,
      diagnosticCode: event.diagnosticCode,
      source: event.source,
      rawPayload: event.rawPayload,
    })
  );
}

interface RawReading {
  readonly evidence: BounceEvidence;
  readonly remoteMta: unknown;
}

function readRaw(source: BounceSource, raw: Json): RawReading | null {
  switch (source) {
    case 'ses':
      return readSes(raw);
    case 'mailgun':
      return readMailgun(raw);
    case 'sendgrid':
      return readSendGrid(raw);
    default:
      return null;
  }
}

/** An SES event as its mapper keeps it: the `bounce` object with the one recipient this row is about. */
function readSes(raw: Json): RawReading | null {
  const bounce = raw.bounce;
  if (!isObject(bounce)) return null;
  const recipients = Array.isArray(bounce.bouncedRecipients) ? bounce.bouncedRecipients : [];
  const recipient = isObject(recipients[0]) ? recipients[0] : {};
  return {
    evidence: {
      provider: { scheme: 'ses', bounceType: text(bounce.bounceType), bounceSubType: text(bounce.bounceSubType) },
      status: text(recipient.status),
      diagnostic: text(recipient.diagnosticCode),
    },
    remoteMta: bounce.remoteMtaIp,
  };
}

/**
 * Mailgun's `event-data` (JSON webhooks: `delivery-status` holds the reply code, the server's
 * words and the MX host), or the legacy form's fields (`code`: a reply code, a status code or
 * Mailgun's own 605/607; `error`, `notification`, `description`: the words).
 */
function readMailgun(raw: Json): RawReading | null {
  const status = raw['delivery-status'];
  if (isObject(status)) {
    return {
      evidence: {
        provider: { scheme: 'mailgun', severity: text(raw.severity), reason: text(raw.reason) },
        replyCode: scalar(status.code),
        diagnostic: joined(status.message, status.description),
      },
      remoteMta: status['mx-host'],
    };
  }
  const code = scalar(first(raw.code));
  if (code === null && text(first(raw.error)) === null && text(first(raw.reason)) === null && text(raw.severity) === null) return null;
  return {
    evidence: {
      provider: { scheme: 'mailgun', severity: text(raw.severity), reason: text(first(raw.reason)), code },
      replyCode: code,
      status: code === null ? null : String(code),
      diagnostic: firstText(first(raw.error), first(raw.notification), first(raw.description)),
    },
    remoteMta: null,
  };
}

/** A SendGrid event: a `bounce` (its classification, type, status and the server's words), or a `dropped` (its reason). */
function readSendGrid(raw: Json): RawReading | null {
  const event = text(raw.event)?.toLowerCase();
  if (event === 'dropped') return { evidence: { provider: { scheme: 'sendgrid', droppedReason: text(raw.reason) } }, remoteMta: null };
  if (event !== 'bounce') return null;
  return {
    evidence: {
      provider: { scheme: 'sendgrid', classification: text(raw.bounce_classification), type: text(raw.type) },
      status: text(raw.status),
      diagnostic: text(raw.reason),
    },
    remoteMta: null,
  };
}

/** Without a readable raw event: the stored subtype is the provider's cause field, as each mapper stores it. */
function fromColumns(bounce: StoredBounce): BounceEvidence {
  const subtype = bounce.bounceSubtype;
  switch (bounce.source) {
    case 'ses':
      return { provider: { scheme: 'ses', bounceSubType: subtype } };
    case 'mailgun':
      // The JSON webhooks' `reason`, or the legacy form's `code`.
      return { provider: { scheme: 'mailgun', reason: subtype, code: subtype } };
    case 'sendgrid':
      // `bounce_classification`, or a `dropped` event's reason.
      return { provider: { scheme: 'sendgrid', classification: subtype, droppedReason: subtype } };
    default:
      return {};
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | null {
  return providerText(value, MAX_DIAGNOSTIC_CODE_LENGTH);
}

function scalar(value: unknown): string | number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : text(value);
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const found = text(value);
    if (found !== null) return found;
  }
  return null;
}

/** The server's words from several fields, each once. */
function joined(...values: unknown[]): string | null {
  const texts = [...new Set(values.map(text).filter((value): value is string => value !== null))];
  return texts.length === 0 ? null : texts.join(' ');
}
