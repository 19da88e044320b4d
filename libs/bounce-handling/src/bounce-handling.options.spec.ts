import { generateKeyPairSync } from 'node:crypto';
import { InvalidBounceHandlingOptionsError, resolveBounceHandlingOptions } from './bounce-handling.options';

const sendgridKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('resolveBounceHandlingOptions', () => {
  it('defaults to a threshold of 3, sender blocks that change nothing, no decay, no bootstrap key, logged changes and no provider configured', () => {
    expect(resolveBounceHandlingOptions({})).toEqual({
      softBounceThreshold: 3,
      senderBlocksSuppress: false,
      softBounceWindowDays: null,
      softSuppressionExpiryDays: null,
      bootstrapApiKey: null,
      logStatusChanges: true,
      rateLimit: { limit: 600, windowMs: 60_000 },
      redis: null,
      webhooks: {
        ses: { topicArns: [], certificatesDir: null },
        mailgun: { signingKey: null },
        sendgrid: { publicKey: null },
        postmark: { credentials: [] },
        sparkpost: { credentials: [] },
        mailjet: { credentials: [] },
        brevo: { credentials: [] },
        resend: { signingSecret: null },
      },
      inbound: { verpPrefix: null, imapUrl: null, pollSeconds: 60 },
      outboundWebhooksAllowInsecure: false,
      outboundWebhooksWorker: true,
      backgroundWork: true,
      metricsRegistry: null,
      retention: { months: null, rawReportDays: null },
    });
  });

  it('does background work unless told not to', () => {
    expect(resolveBounceHandlingOptions({ backgroundWork: false }).backgroundWork).toBe(false);
  });

  it('keeps the retention of bounces and of their raw reports, null counting as unset', () => {
    expect(resolveBounceHandlingOptions({ retention: { months: 24, rawReportDays: 90 } }).retention).toEqual({ months: 24, rawReportDays: 90 });
    expect(resolveBounceHandlingOptions({ retention: { months: null, rawReportDays: null } }).retention).toEqual({ months: null, rawReportDays: null });
  });

  it('keeps the VERP prefix of raw bounce mail, trimmed, an empty one counting as unset', () => {
    expect(resolveBounceHandlingOptions({ inbound: { verpPrefix: ' bounces ' } }).inbound).toMatchObject({ verpPrefix: 'bounces' });
    expect(resolveBounceHandlingOptions({ inbound: { verpPrefix: '' } }).inbound).toMatchObject({ verpPrefix: null });
  });

  it('keeps the mailbox to poll for bounce mail and its interval', () => {
    expect(resolveBounceHandlingOptions({ inbound: { imapUrl: ' imaps://u:p@imap.example.net/Bounces ', pollSeconds: 30 } }).inbound).toEqual({
      verpPrefix: null,
      imapUrl: 'imaps://u:p@imap.example.net/Bounces',
      pollSeconds: 30,
    });
  });

  it('keeps the providers’ settings, trimmed, dropping empty topic ARNs', () => {
    const resolved = resolveBounceHandlingOptions({
      webhooks: {
        ses: { topicArns: [' arn:aws:sns:eu-west-1:123456789012:ses-bounces ', '', 'arn:aws-cn:sns:cn-north-1:123456789012:b'], certificatesDir: '/etc/sns' },
        mailgun: { signingKey: ' key-123 ' },
        sendgrid: { publicKey: ` ${sendgridKey} ` },
      },
    });
    expect(resolved.webhooks).toEqual({
      ses: { topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-bounces', 'arn:aws-cn:sns:cn-north-1:123456789012:b'], certificatesDir: '/etc/sns' },
      mailgun: { signingKey: 'key-123' },
      sendgrid: { publicKey: sendgridKey },
      postmark: { credentials: [] },
      sparkpost: { credentials: [] },
      mailjet: { credentials: [] },
      brevo: { credentials: [] },
      resend: { signingSecret: null },
    });
  });

  it('keeps the settings of the policy’s rules 11 and 13, null counting as unset', () => {
    expect(resolveBounceHandlingOptions({ senderBlocksSuppress: true, softBounceWindowDays: 30, softSuppressionExpiryDays: 90 })).toMatchObject({
      senderBlocksSuppress: true,
      softBounceWindowDays: 30,
      softSuppressionExpiryDays: 90,
    });
    expect(resolveBounceHandlingOptions({ softBounceWindowDays: null, softSuppressionExpiryDays: null })).toMatchObject({
      softBounceWindowDays: null,
      softSuppressionExpiryDays: null,
    });
  });

  it('keeps a rate limit, 0 turning it off, with a window of a minute unless given', () => {
    expect(resolveBounceHandlingOptions({ rateLimit: { limit: 5 } }).rateLimit).toEqual({ limit: 5, windowMs: 60_000 });
    expect(resolveBounceHandlingOptions({ rateLimit: { limit: 0 } }).rateLimit).toEqual({ limit: 0, windowMs: 60_000 });
    expect(resolveBounceHandlingOptions({ rateLimit: { limit: 100, windowMs: 1_000 } }).rateLimit).toEqual({ limit: 100, windowMs: 1_000 });
  });

  it('keeps a Redis to share state through, trimmed, with the key prefix `mailpass:` unless given; an empty URL counting as unset', () => {
    expect(resolveBounceHandlingOptions({ redis: { url: ' redis://cache.internal:6380/1 ' } }).redis).toEqual({
      url: 'redis://cache.internal:6380/1',
      keyPrefix: 'mailpass:',
    });
    expect(resolveBounceHandlingOptions({ redis: { url: 'rediss://u:p@cache.example.net', keyPrefix: 'eu-west:' } }).redis).toEqual({
      url: 'rediss://u:p@cache.example.net',
      keyPrefix: 'eu-west:',
    });
    expect(resolveBounceHandlingOptions({ redis: { url: '' } }).redis).toBeNull();
  });

  it.each([
    [{ redis: { url: 'http://cache.internal' } }, 'redis.url must start with redis:// or rediss://'],
    [{ redis: { url: 'redis://cache.internal', keyPrefix: 'a b' } }, 'redis.keyPrefix must be 1 to 100 characters'],
    [{ redis: { url: 'redis://cache.internal', keyPrefix: '' } }, 'redis.keyPrefix must be 1 to 100 characters'],
    [{ rateLimit: { limit: -1 } }, 'rateLimit.limit'],
    [{ rateLimit: { limit: 2.5 } }, 'rateLimit.limit'],
    [{ rateLimit: { limit: 10, windowMs: 0 } }, 'rateLimit.windowMs'],
    [{ softBounceThreshold: 0 }, 'softBounceThreshold'],
    [{ inbound: { verpPrefix: 'bounces+x' } }, 'inbound.verpPrefix must be 1 to 40 letters'],
    [{ inbound: { verpPrefix: 'a b' } }, 'inbound.verpPrefix'],
    [{ inbound: { imapUrl: 'ftp://u:p@host/' } }, 'inbound.imapUrl'],
    [{ inbound: { imapUrl: 'imap://u:p@host/', pollSeconds: 0 } }, 'inbound.pollSeconds must be an integer from 1 to 86400'],
    [{ softBounceThreshold: 1.5 }, 'softBounceThreshold'],
    [{ bootstrapApiKey: 'short' }, 'bootstrapApiKey'],
    [{ softBounceWindowDays: 0 }, 'softBounceWindowDays must be an integer from 1 to 3650'],
    [{ softBounceWindowDays: 1.5 }, 'softBounceWindowDays'],
    [{ softBounceWindowDays: 3651 }, 'softBounceWindowDays'],
    [{ softSuppressionExpiryDays: 0 }, 'softSuppressionExpiryDays must be an integer from 1 to 3650'],
    [{ softSuppressionExpiryDays: -7 }, 'softSuppressionExpiryDays'],
    [{ retention: { months: 0 } }, 'retention.months must be an integer from 1 to 600'],
    [{ retention: { months: 1.5 } }, 'retention.months'],
    [{ retention: { months: 601 } }, 'retention.months'],
    [{ retention: { rawReportDays: 0 } }, 'retention.rawReportDays must be an integer from 1 to 3650'],
    [{ retention: { rawReportDays: 3651 } }, 'retention.rawReportDays'],
    [{ webhooks: { ses: { topicArns: ['arn:aws:sqs:eu-west-1:123456789012:queue'] } } }, 'topicArns'],
    [{ webhooks: { ses: { topicArns: ['my-topic'] } } }, 'topicArns'],
    [{ webhooks: { sendgrid: { publicKey: 'not a key' } } }, 'sendgrid.publicKey'],
    [
      {
        webhooks: {
          sendgrid: { publicKey: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'pem', type: 'spki' }).toString() },
        },
      },
      'P-256',
    ],
  ])('refuses %p, naming %s', (options, name) => {
    expect(() => resolveBounceHandlingOptions(options)).toThrow(InvalidBounceHandlingOptionsError);
    expect(() => resolveBounceHandlingOptions(options)).toThrow(name);
  });
});
