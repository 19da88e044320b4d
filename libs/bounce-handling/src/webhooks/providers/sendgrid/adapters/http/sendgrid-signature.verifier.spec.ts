import { Logger } from '@nestjs/common';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { FixedClock } from '../../../../../testing';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { parseSendGridPublicKey } from '../../application/sendgrid-public-key';
import { SENDGRID_WEBHOOK_PROVIDER } from '../../sendgrid.webhook-provider';
import { SendGridKeyMisconfiguredError, SendGridSignatureVerifier } from './sendgrid-signature.verifier';

const NOW = new Date('2026-01-10T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

/** A key pair as SendGrid holds one when the signed event webhook is enabled. */
function keyPair(): { privateKey: KeyObject; base64Der: string; pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    base64Der: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** What SendGrid does: ECDSA over SHA-256 of the timestamp followed by the body, base64 DER. */
function signAsSendGrid(privateKey: KeyObject, timestamp: string, body: Buffer | string): string {
  return sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), { key: privateKey, dsaEncoding: 'der' }).toString('base64');
}

function verifierWith(publicKey: string | null, clock = new FixedClock(NOW)): SendGridSignatureVerifier {
  return new SendGridSignatureVerifier(new WebhookSettings([SENDGRID_WEBHOOK_PROVIDER], { sendgrid: { publicKey } }), clock);
}

function catchError(work: () => void): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const KEYS = keyPair();
const BODY = Buffer.from('[{"email":"john@example.com","event":"bounce","type":"bounce","sg_event_id":"abc"}]\r\n');
const TIMESTAMP = String(NOW_SECONDS - 5);
const SIGNATURE = signAsSendGrid(KEYS.privateKey, TIMESTAMP, BODY);

describe('SendGridSignatureVerifier', () => {
  it.each([
    ['base64 DER, as the dashboard shows it', KEYS.base64Der],
    ['base64 DER wrapped over several lines', KEYS.base64Der.replace(/(.{20})/g, '$1\n')],
    ['PEM', KEYS.pem],
    ['PEM with CRLF line ends and blanks around it', `  ${KEYS.pem.replace(/\n/g, '\r\n')}  `],
  ])('accepts a body signed by the key given as %s', (_case, publicKey) => {
    expect(() => verifierWith(publicKey).verify(SIGNATURE, TIMESTAMP, BODY)).not.toThrow();
  });

  it('refuses a signature made with another key', () => {
    const other = keyPair();
    expect(() => verifierWith(KEYS.base64Der).verify(signAsSendGrid(other.privateKey, TIMESTAMP, BODY), TIMESTAMP, BODY)).toThrow(WebhookSignatureError);
  });

  it.each([
    ['a changed byte', Buffer.from(BODY.toString().replace('bounce', 'bounc3'))],
    ['the trailing CRLF dropped', BODY.subarray(0, BODY.length - 2)],
    ['the JSON re-serialised', Buffer.from(JSON.stringify(JSON.parse(BODY.toString())))],
    ['an empty body', Buffer.alloc(0)],
  ])('refuses a tampered body: %s', (_case, body) => {
    expect(() => verifierWith(KEYS.base64Der).verify(SIGNATURE, TIMESTAMP, body)).toThrow(WebhookSignatureError);
  });

  it('refuses a tampered timestamp, even one inside the window', () => {
    expect(() => verifierWith(KEYS.base64Der).verify(SIGNATURE, String(NOW_SECONDS - 6), BODY)).toThrow(WebhookSignatureError);
  });

  it('signs the timestamp and the body with no separator between them', () => {
    const withSeparator = sign('sha256', Buffer.concat([Buffer.from(`${TIMESTAMP}.`), BODY]), { key: KEYS.privateKey, dsaEncoding: 'der' }).toString('base64');
    expect(() => verifierWith(KEYS.base64Der).verify(withSeparator, TIMESTAMP, BODY)).toThrow(WebhookSignatureError);
  });

  it.each([
    ['no signature', undefined, TIMESTAMP],
    ['an empty signature', '', TIMESTAMP],
    ['no timestamp', SIGNATURE, undefined],
    ['an empty timestamp', SIGNATURE, ''],
    ['neither', undefined, undefined],
  ])('refuses a request with %s', (_case, signature, timestamp) => {
    expect(() => verifierWith(KEYS.base64Der).verify(signature, timestamp, BODY)).toThrow(
      expect.objectContaining({ constructor: WebhookSignatureError, message: expect.stringContaining('x-twilio-email-event-webhook') }),
    );
  });

  it.each([
    ['not base64', '!!not base64!!'],
    ['base64 of garbage', Buffer.from('garbage').toString('base64')],
    [
      'a raw (IEEE P1363) signature instead of DER',
      sign('sha256', Buffer.concat([Buffer.from(TIMESTAMP), BODY]), { key: KEYS.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64'),
    ],
    ['a huge value', 'A'.repeat(100_000)],
    ['two signatures joined (a repeated header)', `${SIGNATURE}, ${SIGNATURE}`],
  ])('refuses a garbage signature: %s', (_case, signature) => {
    expect(() => verifierWith(KEYS.base64Der).verify(signature, TIMESTAMP, BODY)).toThrow(WebhookSignatureError);
  });

  it.each([
    ['milliseconds', String((NOW_SECONDS - 5) * 1000)],
    ['a decimal', `${NOW_SECONDS - 5}.5`],
    ['a negative number', '-5'],
    ['a date', '2026-01-10T12:00:00Z'],
    ['with a sign', `+${NOW_SECONDS - 5}`],
  ])('refuses a timestamp that is not Unix seconds: %s', (_case, timestamp) => {
    expect(() => verifierWith(KEYS.base64Der).verify(signAsSendGrid(KEYS.privateKey, timestamp, BODY), timestamp, BODY)).toThrow(WebhookSignatureError);
  });

  it.each([
    ['71 hours old (SendGrid retries for 24 hours)', -71 * 3600, true],
    ['exactly 72 hours old', -72 * 3600, true],
    ['72 hours and a second old', -72 * 3600 - 1, false],
    ['14 minutes ahead (clock skew)', 14 * 60, true],
    ['16 minutes ahead', 16 * 60, false],
  ])('judges a timestamp %s', (_case, offset, accepted) => {
    const timestamp = String(NOW_SECONDS + offset);
    const check = () => verifierWith(KEYS.base64Der).verify(signAsSendGrid(KEYS.privateKey, timestamp, BODY), timestamp, BODY);
    if (accepted) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ constructor: WebhookSignatureError, message: expect.stringContaining('window') }));
  });

  it('refuses every request when no key is configured, naming SENDGRID_WEBHOOK_PUBLIC_KEY', () => {
    const check = () => verifierWith(null).verify(SIGNATURE, TIMESTAMP, BODY);
    expect(check).toThrow(WebhookNotConfiguredError);
    expect(check).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });

  it('answers "not configured" before looking at the headers', () => {
    expect(() => verifierWith(null).verify(undefined, undefined, BODY)).toThrow(WebhookNotConfiguredError);
  });

  it.each([
    ['text', 'not a key at all'],
    ['base64 of garbage', Buffer.from('garbage').toString('base64')],
    ['a truncated key', KEYS.base64Der.slice(0, 40)],
    ['broken PEM', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'],
    ['a P-384 key', generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64')],
    ['an RSA key', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }).toString()],
    ['an Ed25519 key', generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64')],
    ['the private key', KEYS.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
  ])('refuses every request, naming SENDGRID_WEBHOOK_PUBLIC_KEY as misconfigured, when the key is %s', (_case, publicKey) => {
    const check = () => verifierWith(publicKey).verify(SIGNATURE, TIMESTAMP, BODY);
    expect(check).toThrow(SendGridKeyMisconfiguredError);
    expect(check).toThrow(/misconfigured: SENDGRID_WEBHOOK_PUBLIC_KEY/);
  });

  it('never repeats the configured key in its refusal', () => {
    const secretLooking = 'c2VjcmV0LWxvb2tpbmctdmFsdWU=';
    const error = catchError(() => verifierWith(secretLooking).verify(SIGNATURE, TIMESTAMP, BODY));
    expect(error).toBeInstanceOf(SendGridKeyMisconfiguredError);
    expect(error.message).not.toContain(secretLooking);
  });

  it('answers the misconfigured key with the 503 code', () => {
    expect(new SendGridKeyMisconfiguredError('x').code).toBe('NOT_CONFIGURED');
  });

  it('parses the key once and reuses it for every request', () => {
    // The module object itself (an `import * as` would be a copy that the verifier never calls).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const createPublicKey = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'createPublicKey');
    try {
      const verifier = verifierWith(KEYS.base64Der);
      for (let i = 0; i < 5; i += 1) verifier.verify(SIGNATURE, TIMESTAMP, BODY);
      expect(() => verifier.verify(SIGNATURE, TIMESTAMP, Buffer.from('[]'))).toThrow(WebhookSignatureError);
      expect(createPublicKey).toHaveBeenCalledTimes(1);
    } finally {
      createPublicKey.mockRestore();
    }
  });

  it('logs a key that does not parse when the module starts, and says nothing when none is set', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      verifierWith('not a key').onModuleInit();
      verifierWith(null).onModuleInit();
      verifierWith(KEYS.pem).onModuleInit();
      expect(error.mock.calls).toEqual([[expect.stringContaining('SENDGRID_WEBHOOK_PUBLIC_KEY')]]);
    } finally {
      error.mockRestore();
    }
  });
});

describe('parseSendGridPublicKey', () => {
  it('gives the same key from base64 DER and from PEM', () => {
    expect(parseSendGridPublicKey(KEYS.base64Der).equals(parseSendGridPublicKey(KEYS.pem))).toBe(true);
  });
});
