import { generateKeyPairSync } from 'node:crypto';
import { InvalidBounceHandlingOptionsError, resolveBounceHandlingOptions } from './bounce-handling.options';

const sendgridKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('resolveBounceHandlingOptions', () => {
  it('defaults to a threshold of 3, no bootstrap key, logged changes and no provider configured', () => {
    expect(resolveBounceHandlingOptions({})).toEqual({
      softBounceThreshold: 3,
      bootstrapApiKey: null,
      logStatusChanges: true,
      webhooks: { sesTopicArns: [], snsCertificatesDir: null, mailgunSigningKey: null, sendgridPublicKey: null },
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
      sesTopicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-bounces', 'arn:aws-cn:sns:cn-north-1:123456789012:b'],
      snsCertificatesDir: '/etc/sns',
      mailgunSigningKey: 'key-123',
      sendgridPublicKey: sendgridKey,
    });
  });

  it.each([
    [{ softBounceThreshold: 0 }, 'softBounceThreshold'],
    [{ softBounceThreshold: 1.5 }, 'softBounceThreshold'],
    [{ bootstrapApiKey: 'short' }, 'bootstrapApiKey'],
    [{ webhooks: { ses: { topicArns: ['arn:aws:sqs:eu-west-1:123456789012:queue'] } } }, 'topicArns'],
    [{ webhooks: { ses: { topicArns: ['my-topic'] } } }, 'topicArns'],
    [{ webhooks: { sendgrid: { publicKey: 'not a key' } } }, 'sendgrid.publicKey'],
    [{ webhooks: { sendgrid: { publicKey: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'pem', type: 'spki' }).toString() } } }, 'P-256'],
  ])('refuses %p, naming %s', (options, name) => {
    expect(() => resolveBounceHandlingOptions(options)).toThrow(InvalidBounceHandlingOptionsError);
    expect(() => resolveBounceHandlingOptions(options)).toThrow(name);
  });
});
