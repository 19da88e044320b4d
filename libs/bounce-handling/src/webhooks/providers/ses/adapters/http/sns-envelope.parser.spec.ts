import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { type SnsEnvelope, snsNotification, snsSubscriptionMessage } from './__fixtures__/sns-signing';
import { parseSnsEnvelope } from './sns-envelope.parser';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
const signed = { SignatureVersion: '1', Signature: 'c2ln', SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/x.pem' };

describe('parseSnsEnvelope', () => {
  it('reads a Notification with its JSON-decoded Message', () => {
    const envelope: SnsEnvelope = {
      ...snsNotification({ eventType: 'Bounce' }, { messageId: 'm-1', subject: 'Amazon SES Email Event Notification' }),
      ...signed,
    };
    expect(parseSnsEnvelope(body(envelope))).toEqual({
      type: 'Notification',
      messageId: 'm-1',
      topicArn: envelope.TopicArn,
      message: '{"eventType":"Bounce"}',
      timestamp: envelope.Timestamp,
      subject: 'Amazon SES Email Event Notification',
      subscribeUrl: null,
      token: null,
      signatureVersion: '1',
      signature: 'c2ln',
      signingCertUrl: 'https://sns.eu-west-1.amazonaws.com/x.pem',
    });
  });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)('reads a %s with its SubscribeURL and Token', (type) => {
    const envelope = snsSubscriptionMessage(type, { token: 'tok' });
    expect(parseSnsEnvelope(body(envelope))).toMatchObject({ type, token: 'tok', subscribeUrl: envelope.SubscribeURL, subject: null });
  });

  it('reads the Lambda-style spellings SigningCertUrl and SubscribeUrl', () => {
    const { SubscribeURL, SigningCertURL, ...rest } = snsSubscriptionMessage();
    expect(parseSnsEnvelope(body({ ...rest, SubscribeUrl: SubscribeURL, SigningCertUrl: SigningCertURL }))).toMatchObject({
      subscribeUrl: SubscribeURL,
      signingCertUrl: SigningCertURL,
    });
  });

  it('reads a null Subject as no Subject, and ignores a Subject on a confirmation', () => {
    expect(parseSnsEnvelope(body({ ...snsNotification('x'), Subject: null })).subject).toBeNull();
    expect(parseSnsEnvelope(body({ ...snsSubscriptionMessage(), Subject: 'S' })).subject).toBeNull();
  });

  it('keeps escaped newlines and Unicode of the Message as decoded text', () => {
    const parsed = parseSnsEnvelope(body('{"Type":"Notification","MessageId":"m","TopicArn":"t","Message":"a\\nb\\u00e9\\ud83d\\ude00","Timestamp":"x"}'));
    expect(parsed.message).toBe('a\nbé😀');
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(parseSnsEnvelope(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body(snsNotification('x'))])).type).toBe('Notification');
  });

  it('leaves missing or non-string signature fields for the verifier to refuse', () => {
    const parsed = parseSnsEnvelope(body({ ...snsNotification('x'), SigningCertURL: { url: 'x' }, Signature: ['s'], SignatureVersion: 2 }));
    expect(parsed).toMatchObject({ signatureVersion: '2', signature: null, signingCertUrl: null });
  });

  it.each([
    ['an empty body', ''],
    ['text that is not JSON', 'Type=Notification'],
    ['truncated JSON', '{"Type":"Notification"'],
    ['a JSON array', '[]'],
    ['a JSON string', '"Notification"'],
    ['JSON null', 'null'],
    ['no Type', { MessageId: 'm', TopicArn: 't', Message: 'x', Timestamp: 'x' }],
    ['an unknown Type', { ...snsNotification('x'), Type: 'Bounce' }],
    ['a Type that is not a string', { ...snsNotification('x'), Type: ['Notification'] }],
    ['no MessageId', { ...snsNotification('x'), MessageId: undefined }],
    ['no TopicArn', { ...snsNotification('x'), TopicArn: undefined }],
    ['no Message', { ...snsNotification('x'), Message: undefined }],
    ['a Message that is an object', { ...snsNotification('x'), Message: { eventType: 'Bounce' } }],
    ['no Timestamp', { ...snsNotification('x'), Timestamp: undefined }],
    ['a Subject that is a number', { ...snsNotification('x'), Subject: 5 }],
    ['a confirmation without SubscribeURL', { ...snsSubscriptionMessage(), SubscribeURL: undefined }],
    ['a confirmation without Token', { ...snsSubscriptionMessage(), Token: undefined }],
  ])('refuses %s as malformed', (_case, value) => {
    expect(() => parseSnsEnvelope(body(value))).toThrow(MalformedWebhookError);
  });
});
