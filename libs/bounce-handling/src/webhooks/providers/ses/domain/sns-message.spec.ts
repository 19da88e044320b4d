import { type SnsMessage, snsSignatureAlgorithm, snsStringToSign } from './sns-message';

const notification: SnsMessage = {
  type: 'Notification',
  messageId: 'm-1',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:t',
  message: '{"eventType":"Bounce"}\nsecond line',
  timestamp: '2026-01-10T12:00:00.000Z',
  subject: null,
  subscribeUrl: null,
  token: null,
  signatureVersion: '2',
  signature: 'c2ln',
  signingCertUrl: 'https://sns.eu-west-1.amazonaws.com/x.pem',
};

describe('SNS string to sign', () => {
  it('lists a Notification’s fields in order, each as name, newline, value, newline', () => {
    expect(snsStringToSign(notification)).toBe(
      'Message\n{"eventType":"Bounce"}\nsecond line\nMessageId\nm-1\nTimestamp\n2026-01-10T12:00:00.000Z\nTopicArn\narn:aws:sns:eu-west-1:123456789012:t\nType\nNotification\n',
    );
  });

  it('includes the Subject of a Notification between MessageId and Timestamp when there is one', () => {
    expect(snsStringToSign({ ...notification, subject: 'Hello' })).toContain('MessageId\nm-1\nSubject\nHello\nTimestamp\n');
  });

  it('signs an empty Subject as present', () => {
    expect(snsStringToSign({ ...notification, subject: '' })).toContain('Subject\n\nTimestamp');
  });

  it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)('lists a %s’s fields, SubscribeURL and Token included', (type) => {
    const message: SnsMessage = {
      ...notification,
      type,
      message: 'Confirm',
      subscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
      token: 'tok',
    };
    expect(snsStringToSign(message)).toBe(
      `Message\nConfirm\nMessageId\nm-1\nSubscribeURL\nhttps://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription\nTimestamp\n2026-01-10T12:00:00.000Z\nToken\ntok\nTopicArn\narn:aws:sns:eu-west-1:123456789012:t\nType\n${type}\n`,
    );
  });

  it('never signs a Subject on a confirmation, nor a Token on a Notification', () => {
    expect(snsStringToSign({ ...notification, type: 'SubscriptionConfirmation', subject: 'S', subscribeUrl: 'u', token: 't' })).not.toContain('Subject');
    expect(snsStringToSign({ ...notification, subscribeUrl: 'u', token: 't' })).not.toMatch(/Token|SubscribeURL/);
  });

  it.each([
    ['1', 'sha1'],
    ['2', 'sha256'],
    ['3', null],
    ['0', null],
    ['', null],
    [' 2', null],
    [null, null],
  ])('signature version %p uses %p', (version, algorithm) => {
    expect(snsSignatureAlgorithm(version)).toBe(algorithm);
  });
});
