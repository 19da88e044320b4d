import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { WebhookNotConfiguredError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { resendSigningSecretProblem } from '../../application/resend-webhook.settings';
import { RESEND_WEBHOOK_PROVIDER } from '../../resend.webhook-provider';
import { ResendSignatureVerifier, type SvixHeaders } from './resend-signature.verifier';

const aSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const BODY = Buffer.from('{"type":"email.delivered","data":{"to":["a@example.com"]}}');

/** The headers Svix sends: signed by the Standard Webhooks library, as Svix signs. */
function headers(secret: string, at = new Date(), id = 'msg_1', body: Buffer = BODY): SvixHeaders {
  return { id, timestamp: String(Math.floor(at.getTime() / 1000)), signature: new Webhook(secret).sign(id, at, body) };
}

const verifierWith = (signingSecret: string | null) =>
  new ResendSignatureVerifier(new WebhookSettings([RESEND_WEBHOOK_PROVIDER], { resend: { signingSecret } }));

function refusal(work: () => void): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('ResendSignatureVerifier', () => {
  const secret = aSecret();
  const verifier = verifierWith(secret);

  it('accepts a body signed with the secret, now', () => {
    expect(() => verifier.verify(headers(secret), BODY)).not.toThrow();
  });

  it('accepts a header of several signatures when any matches (a rotation)', () => {
    const mine = headers(secret);
    const old = headers(aSecret(), new Date(Number(mine.timestamp) * 1000));
    expect(() => verifier.verify({ ...mine, signature: `${old.signature} ${mine.signature}` }, BODY)).not.toThrow();
  });

  it.each([
    ['another secret', () => headers(aSecret())],
    ['another body', () => headers(secret, new Date(), 'msg_1', Buffer.from(`${BODY.toString()} `))],
    ['another svix-id', () => ({ ...headers(secret), id: 'msg_2' })],
  ])('refuses a signature by %s as not matching', (_case, make) => {
    const error = refusal(() => verifier.verify(make(), BODY));
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error.message).toBe('The Resend signature does not match');
  });

  it.each([
    ['6 minutes old', -6 * 60_000],
    ['6 minutes ahead', 6 * 60_000],
  ])("refuses a timestamp %s, by the library's own tolerance", (_case, shift) => {
    const error = refusal(() => verifier.verify(headers(secret, new Date(Date.now() + shift)), BODY));
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error.message).toBe('The svix-timestamp is more than 5 minutes from now');
  });

  it.each([
    ['svix-id', { id: undefined }],
    ['svix-timestamp', { timestamp: undefined }],
    ['svix-signature', { signature: '' }],
  ])('refuses a request without %s', (_name, missing) => {
    expect(refusal(() => verifier.verify({ ...headers(secret), ...missing }, BODY))).toBeInstanceOf(WebhookSignatureError);
  });

  it('fails closed, naming RESEND_WEBHOOK_SECRET, while the secret is unset', () => {
    const error = refusal(() => verifierWith(null).verify(headers(secret), BODY));
    expect(error).toBeInstanceOf(WebhookNotConfiguredError);
    expect(error.message).toBe('The Resend webhook is not configured: set RESEND_WEBHOOK_SECRET');
  });
});

describe('resendSigningSecretProblem', () => {
  it.each([aSecret(), 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_YWJjZA=='])('takes %s', (value) => {
    expect(resendSigningSecretProblem(value, 'RESEND_WEBHOOK_SECRET')).toBeNull();
  });

  it.each(['re_123456789_abcdefghijklmnop', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_', 'whsec_abc', 'whsec_ab_c', 'whsec_YWJj ZA=='])(
    'refuses %s, naming the setting',
    (value) => {
      expect(resendSigningSecretProblem(value, 'RESEND_WEBHOOK_SECRET')).toMatch(/^RESEND_WEBHOOK_SECRET must be the webhook's signing secret/);
    },
  );
});
