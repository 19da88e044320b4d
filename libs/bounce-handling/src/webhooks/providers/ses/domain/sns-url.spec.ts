import { checkSnsCertificateUrl, checkSnsSubscribeUrl, snsTopicLocation } from './sns-url';

const CERTIFICATE = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem';

describe('SNS URL rules', () => {
  describe('checkSnsCertificateUrl', () => {
    it.each([
      ['a commercial region', CERTIFICATE],
      ['GovCloud', 'https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['China', 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem'],
      ['the explicit default port', 'https://sns.eu-west-1.amazonaws.com:443/SimpleNotificationService-abc.pem'],
      ['an upper-case host', 'https://SNS.EU-WEST-1.AMAZONAWS.COM/SimpleNotificationService-abc.pem'],
      ['a deeper path', 'https://sns.eu-west-1.amazonaws.com/certs/SimpleNotificationService-abc.pem'],
    ])('accepts %s', (_case, url) => {
      expect(checkSnsCertificateUrl(url)).toMatchObject({ ok: true });
    });

    it.each([
      ['plain http', 'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['another scheme', 'ftp://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['a look-alike suffix', 'https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem'],
      ['userinfo that looks like the host', 'https://sns.us-east-1.amazonaws.com@evil.example/SimpleNotificationService-abc.pem'],
      ['userinfo on the real host', 'https://user:pass@sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['another port', 'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-abc.pem'],
      ['an IPv4 literal', 'https://54.239.28.85/SimpleNotificationService-abc.pem'],
      ['an IPv6 literal', 'https://[::1]/SimpleNotificationService-abc.pem'],
      ['an integer IP', 'https://917019733/SimpleNotificationService-abc.pem'],
      ['another AWS service (S3)', 'https://s3.amazonaws.com/sns/SimpleNotificationService-abc.pem'],
      ['a bucket named like SNS', 'https://sns.us-east-1.amazonaws.com.s3.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['a subdomain of an SNS host', 'https://evil.sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['a too short region', 'https://sns.ab.amazonaws.com/SimpleNotificationService-abc.pem'],
      ['a trailing dot', 'https://sns.us-east-1.amazonaws.com./SimpleNotificationService-abc.pem'],
      ['a backslash', 'https://sns.us-east-1.amazonaws.com\\@evil.example/SimpleNotificationService-abc.pem'],
      ['a space', 'https://sns.us-east-1.amazonaws.com/Simple Notification.pem'],
      ['a control character', 'https://sns.us-east-1.amazonaws.com/x.pem\n'],
      ['a path not ending in .pem', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.crt'],
      ['.pem only in the query', 'https://sns.us-east-1.amazonaws.com/?file=x.pem'],
      ['a query', 'https://sns.us-east-1.amazonaws.com/x.pem?redirect=https://evil.example'],
      ['a fragment', 'https://sns.us-east-1.amazonaws.com/x.pem#x'],
      ['a relative URL', '/SimpleNotificationService-abc.pem'],
      ['a protocol-relative URL', '//sns.us-east-1.amazonaws.com/x.pem'],
      ['an empty string', ''],
      ['nothing', null],
      ['a number', 42],
      ['a very long URL', `https://sns.us-east-1.amazonaws.com/${'a'.repeat(3000)}.pem`],
    ])('refuses %s', (_case, url) => {
      expect(checkSnsCertificateUrl(url)).toEqual({ ok: false, problem: expect.any(String) });
    });
  });

  describe('checkSnsSubscribeUrl', () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
    const subscribe = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=abc`;

    it('accepts the SNS endpoint of the topic’s region', () => {
      expect(checkSnsSubscribeUrl(subscribe, topic)).toMatchObject({ ok: true, url: { hostname: 'sns.eu-west-1.amazonaws.com' } });
    });

    it('accepts China’s endpoint for a topic of the aws-cn partition', () => {
      const cn = 'arn:aws-cn:sns:cn-north-1:123456789012:ses-events';
      expect(checkSnsSubscribeUrl('https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription&Token=x', cn)).toMatchObject({ ok: true });
      expect(checkSnsSubscribeUrl('https://sns.cn-north-1.amazonaws.com/?Action=ConfirmSubscription&Token=x', cn)).toMatchObject({ ok: false });
    });

    it.each([
      ['another region', subscribe.replace('sns.eu-west-1', 'sns.us-east-1')],
      ['another host', subscribe.replace('sns.eu-west-1.amazonaws.com', 'evil.example')],
      ['a look-alike', subscribe.replace('amazonaws.com', 'amazonaws.com.evil.example')],
      ['userinfo', subscribe.replace('https://', 'https://sns.eu-west-1.amazonaws.com@')],
      ['http', subscribe.replace('https://', 'http://')],
      ['another port', subscribe.replace('amazonaws.com/', 'amazonaws.com:8080/')],
      ['an IP', 'https://127.0.0.1/?Action=ConfirmSubscription'],
      ['a fragment', `${subscribe}#x`],
      ['no URL', null],
    ])('refuses %s', (_case, url) => {
      expect(checkSnsSubscribeUrl(url, topic)).toEqual({ ok: false, problem: expect.any(String) });
    });

    it('refuses everything for a topic ARN that names no region', () => {
      expect(checkSnsSubscribeUrl(subscribe, 'not-an-arn')).toMatchObject({ ok: false });
    });
  });

  it.each([
    ['arn:aws:sns:eu-west-1:123456789012:t', { partition: 'aws', region: 'eu-west-1' }],
    ['arn:aws-cn:sns:cn-north-1:123456789012:t', { partition: 'aws-cn', region: 'cn-north-1' }],
    ['arn:aws-us-gov:sns:us-gov-west-1:123456789012:t', { partition: 'aws-us-gov', region: 'us-gov-west-1' }],
    ['arn:aws:sqs:eu-west-1:123456789012:t', null],
    ['arn:aws:sns:eu-west-1:123:t', null],
  ])('locates topic %s', (arn, expected) => {
    expect(snsTopicLocation(arn)).toEqual(expected);
  });
});
