import { createHmac } from 'node:crypto';
import { aMailgunSigningKey, mailgunSignature } from '../../../../../../../../test/support/mailgun-signer';
import type { Clock } from '../../../../../shared/application/ports/clock.port';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { MAILGUN_WEBHOOK_PROVIDER } from '../../mailgun.webhook-provider';
import type { MailgunSignatureFields } from './mailgun-payload.parser';
import { MailgunSignatureVerifier } from './mailgun-signature.verifier';

describe('MailgunSignatureVerifier', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  const nowSeconds = now.getTime() / 1000;
  const clock: Clock = { now: () => now };
  const key = aMailgunSigningKey();
  const token = 'a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0';
  const verifier = (signingKey: string | null = key) =>
    new MailgunSignatureVerifier(new WebhookSettings([MAILGUN_WEBHOOK_PROVIDER], { mailgun: { signingKey } }), clock);
  const signed = (
    timestamp: string | number = String(nowSeconds),
    overrides: Partial<Record<keyof MailgunSignatureFields, unknown>> = {},
  ): MailgunSignatureFields => ({
    timestamp,
    token,
    signature: mailgunSignature(key, String(timestamp), token),
    ...overrides,
  });

  it('accepts a signature made with the signing key over timestamp + token', () => {
    expect(() => verifier().verify(signed())).not.toThrow();
  });

  it('accepts the timestamp as a JSON number and the hex in upper case', () => {
    const fields = signed(nowSeconds);
    expect(() => verifier().verify(fields)).not.toThrow();
    expect(() => verifier().verify({ ...fields, signature: String(fields.signature).toUpperCase() })).not.toThrow();
  });

  it('signs timestamp and token with no separator', () => {
    const withSeparator = createSignatureWith(`${nowSeconds}.${token}`);
    expect(() => verifier().verify({ timestamp: String(nowSeconds), token, signature: withSeparator })).toThrow(WebhookSignatureError);
  });

  it('refuses a signature made with another key', () => {
    const fields = { ...signed(), signature: mailgunSignature(aMailgunSigningKey(), String(nowSeconds), token) };
    expect(() => verifier().verify(fields)).toThrow(new WebhookSignatureError('The Mailgun signature does not match'));
  });

  it.each([
    ['a tampered token', { token: `${token.slice(0, -1)}b` }],
    ['a tampered timestamp', { timestamp: String(nowSeconds - 1) }],
    ['a signature one character short', { signature: mailgunSignature(key, String(nowSeconds), token).slice(0, -1) }],
    ['a signature one character long', { signature: `${mailgunSignature(key, String(nowSeconds), token)}0` }],
    ['a signature of the right length that is not hex', { signature: 'z'.repeat(64) }],
    ['a base64 signature of the same HMAC', { signature: createSignatureWith(`${nowSeconds}${token}`, 'base64') }],
  ])('refuses %s', (_case, overrides) => {
    expect(() => verifier().verify({ ...signed(), ...overrides })).toThrow(WebhookSignatureError);
  });

  it.each([
    ['no timestamp', { timestamp: undefined }],
    ['no token', { token: undefined }],
    ['no signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['an empty token', { token: '' }],
    ['a signature that is not a string', { signature: 42 }],
    ['a token that is an object', { token: { value: token } }],
    ['a fractional timestamp number', { timestamp: nowSeconds + 0.5 }],
  ])('refuses %s as a missing signature', (_case, overrides) => {
    expect(() => verifier().verify({ ...signed(), ...overrides })).toThrow(
      new WebhookSignatureError('The Mailgun signature is missing: timestamp, token and signature are required'),
    );
  });

  it('refuses a correctly signed timestamp that is not a Unix time', () => {
    expect(() => verifier().verify(signed('yesterday'))).toThrow(new WebhookSignatureError('The Mailgun signature timestamp is not a Unix time'));
  });

  it.each([
    ['8 hours old (Mailgun’s last retry)', -8 * 3600],
    ['a second short of 24 hours old', -24 * 3600 + 1],
    ['exactly 24 hours old', -24 * 3600],
    ['14 minutes ahead (clock skew)', 14 * 60],
  ])('accepts a timestamp %s', (_case, offset) => {
    expect(() => verifier().verify(signed(String(nowSeconds + offset)))).not.toThrow();
  });

  it.each([
    ['more than 24 hours old', -24 * 3600 - 1, 'The Mailgun signature is more than 24 hours old'],
    ['more than 15 minutes ahead', 15 * 60 + 1, 'The Mailgun signature timestamp is in the future'],
  ])('refuses a timestamp %s', (_case, offset, message) => {
    expect(() => verifier().verify(signed(String(nowSeconds + offset)))).toThrow(new WebhookSignatureError(message));
  });

  it('fails closed, naming MAILGUN_WEBHOOK_SIGNING_KEY, when no key is configured', () => {
    const expected = new WebhookNotConfiguredError('Mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY');
    expect(expected.message).toContain('MAILGUN_WEBHOOK_SIGNING_KEY');
    expect(() => verifier(null).verify(signed())).toThrow(expected);
  });

  function createSignatureWith(message: string, encoding: 'hex' | 'base64' = 'hex'): string {
    return createHmac('sha256', key).update(message).digest(encoding);
  }
});
