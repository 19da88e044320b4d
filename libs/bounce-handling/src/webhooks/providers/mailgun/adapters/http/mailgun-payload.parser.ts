import busboy from 'busboy';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';

/** The three fields Mailgun signs a webhook with, as found in the body (unchecked). */
export interface MailgunSignatureFields {
  readonly timestamp: unknown;
  readonly token: unknown;
  readonly signature: unknown;
}

/**
 * The fields of a legacy (form) webhook, in the order posted. Mailgun merges the sender's
 * custom variables into the same form, so a name can repeat: Mailgun's own `event` and
 * `recipient` are then the first values, its `signature`, `timestamp` and `token` the last.
 */
export class MailgunForm {
  constructor(readonly entries: ReadonlyArray<readonly [name: string, value: string]>) {}

  first(name: string): string | null {
    return this.entries.find(([key]) => key === name)?.[1] ?? null;
  }

  last(name: string): string | null {
    for (let index = this.entries.length - 1; index >= 0; index -= 1) {
      if (this.entries[index][0] === name) return this.entries[index][1];
    }
    return null;
  }

  has(name: string): boolean {
    return this.entries.some(([key]) => key === name);
  }
}

/** A webhook body as Mailgun posts it, read but not yet trusted. */
export type MailgunPayload =
  /** Current webhooks: `{ "signature": {…}, "event-data": {…} }`. */
  | { readonly format: 'json'; readonly signature: MailgunSignatureFields; readonly eventData: unknown }
  /** Legacy webhooks: a form, urlencoded or multipart, signature fields among the event's. */
  | { readonly format: 'form'; readonly signature: MailgunSignatureFields; readonly form: MailgunForm };

export const MAILGUN_CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;

/** Far more than any real form (a legacy event has some 20 fields plus the sender's variables). */
const MAX_FORM_FIELDS = 1000;
const MAX_FORM_FILES = 100;

/**
 * Reads a webhook body of any format Mailgun uses. A body that cannot be read is a
 * `MalformedWebhookError`, answered 406 (the one answer after which Mailgun stops retrying:
 * re-sending the same bytes cannot help).
 */
export async function parseMailgunPayload(contentType: string | undefined, body: Buffer): Promise<MailgunPayload> {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (mediaType) {
    case 'application/json':
      return parseJson(body);
    case 'application/x-www-form-urlencoded':
      return formPayload(parseUrlencoded(body));
    case 'multipart/form-data':
      return formPayload(await parseMultipart(contentType as string, body));
    default:
      throw new MalformedWebhookError(
        `Unsupported content type ${JSON.stringify(mediaType.slice(0, 100) || '(none)')}: Mailgun posts ${MAILGUN_CONTENT_TYPES.join(', ')}`,
      );
  }
}

function parseJson(body: Buffer): MailgunPayload {
  const text = utf8(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedWebhookError('The request body is not valid JSON');
  }
  if (!isRecord(parsed)) throw new MalformedWebhookError('The request body must be a JSON object with "signature" and "event-data"');
  const signature = isRecord(parsed.signature) ? parsed.signature : {};
  return {
    format: 'json',
    signature: { timestamp: signature.timestamp, token: signature.token, signature: signature.signature },
    eventData: parsed['event-data'],
  };
}

/** Parsed here rather than by the host, so that repeated names keep every value in order. */
function parseUrlencoded(body: Buffer): MailgunForm {
  const entries = [...new URLSearchParams(utf8(body)).entries()];
  if (entries.length > MAX_FORM_FIELDS) throw new MalformedWebhookError(`The form has more than ${MAX_FORM_FIELDS} fields`);
  return new MailgunForm(entries);
}

function parseMultipart(contentType: string, body: Buffer): Promise<MailgunForm> {
  return new Promise((resolve, reject) => {
    const entries: Array<[string, string]> = [];
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      reject(new MalformedWebhookError(`The multipart form cannot be read: ${why}`));
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { fields: MAX_FORM_FIELDS, files: MAX_FORM_FILES, fieldSize: body.length + 1, fieldNameSize: 1000 },
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) fail(`field ${JSON.stringify(name.slice(0, 100))} is too long`);
      else entries.push([name, value]);
    });
    // Legacy `bounced` forms attach the bounced message; nothing here needs it.
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('fieldsLimit', () => fail(`more than ${MAX_FORM_FIELDS} fields`));
    parser.on('filesLimit', () => fail(`more than ${MAX_FORM_FILES} files`));
    parser.on('error', (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(new MailgunForm(entries));
    });
    parser.end(body);
  });
}

function formPayload(form: MailgunForm): MailgunPayload {
  return {
    format: 'form',
    signature: { timestamp: form.last('timestamp'), token: form.last('token'), signature: form.last('signature') },
    form,
  };
}

function utf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new MalformedWebhookError('The request body is not valid UTF-8');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
