import { createHmac, randomBytes } from 'node:crypto';

/** A form field as posted; names repeat when the sender's variables collide with Mailgun's. */
export type FormField = readonly [name: string, value: string];

export interface SignOptions {
  /** Unix seconds as text; default now. */
  readonly timestamp?: string;
  /** Default a fresh 50-character token, as Mailgun's. */
  readonly token?: string;
}

/** Mailgun's signature: hex HMAC-SHA256 of `timestamp + token`, keyed with the webhook signing key. */
export function mailgunSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey)
    .update(timestamp + token)
    .digest('hex');
}

export function aMailgunSigningKey(): string {
  return randomBytes(32).toString('hex');
}

export function nowInSeconds(offsetSeconds = 0): string {
  return String(Math.floor(Date.now() / 1000) + offsetSeconds);
}

function signatureFields(signingKey: string, options: SignOptions): { timestamp: string; token: string; signature: string } {
  const timestamp = options.timestamp ?? nowInSeconds();
  const token = options.token ?? randomBytes(25).toString('hex');
  return { timestamp, token, signature: mailgunSignature(signingKey, timestamp, token) };
}

/** A current (JSON) webhook body as Mailgun posts it, signed with the key. */
export function signedMailgunJson(signingKey: string, eventData: unknown, options: SignOptions = {}): { signature: object; 'event-data': unknown } {
  return { signature: signatureFields(signingKey, options), 'event-data': eventData };
}

/**
 * Legacy form fields signed with the key: Mailgun's own `timestamp`, `token` and `signature`
 * (the last of each name in `fields`, if any) are replaced by fresh ones at the end of the
 * form, where Mailgun puts them; values of the sender's variables that share the names stay.
 */
export function signedMailgunForm(signingKey: string, fields: readonly FormField[], options: SignOptions = {}): FormField[] {
  const lastIndexes = new Set<number>();
  for (const name of ['timestamp', 'token', 'signature']) {
    let last = -1;
    fields.forEach(([key], index) => {
      if (key === name) last = index;
    });
    if (last >= 0) lastIndexes.add(last);
  }
  const { timestamp, token, signature } = signatureFields(signingKey, options);
  return [...fields.filter((_, index) => !lastIndexes.has(index)), ['timestamp', timestamp], ['token', token], ['signature', signature]];
}

export function urlencodedBody(fields: readonly FormField[]): string {
  return new URLSearchParams(fields.map(([name, value]): [string, string] => [name, value])).toString();
}

/** A multipart/form-data body, written by hand as a browser or Mailgun would, fields in order. */
export function multipartBody(
  fields: readonly FormField[],
  files: ReadonlyArray<{ name: string; filename: string; content: string }> = [],
): { contentType: string; body: Buffer } {
  const boundary = `----mailgun-${randomBytes(8).toString('hex')}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  for (const file of files) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: message/rfc822\r\n\r\n${file.content}\r\n`,
    );
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8') };
}
