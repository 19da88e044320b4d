import type { SnsMessage } from '../domain/sns-message';
import { MalformedWebhookError, WebhookNotAllowedError } from '../../../domain/webhook.errors';
import { ConfirmSnsSubscription } from './confirm-sns-subscription.use-case';
import { SnsSubscriptionConfirmer } from './ports/sns-subscription-confirmer.port';
import { SnsUnreachableError } from './ports/sns-unreachable.error';
import { SesWebhookAccess } from './ses-webhook-access';
import { WebhookSettings } from '../../../application/webhook-settings';
import { SES_WEBHOOK_SETTINGS } from './ses-webhook.settings';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
const SUBSCRIBE_URL = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=abc`;

class RecordingConfirmer extends SnsSubscriptionConfirmer {
  readonly confirmed: string[] = [];
  failWith: Error | null = null;
  async confirm(subscribeUrl: string): Promise<void> {
    this.confirmed.push(subscribeUrl);
    if (this.failWith) throw this.failWith;
  }
}

const confirmation = (overrides: Partial<SnsMessage> = {}): SnsMessage => ({
  type: 'SubscriptionConfirmation',
  messageId: 'm-1',
  topicArn: TOPIC,
  message: 'You have chosen to subscribe…',
  timestamp: '2026-01-10T12:00:00.000Z',
  subject: null,
  subscribeUrl: SUBSCRIBE_URL,
  token: 'abc',
  signatureVersion: '2',
  signature: 'c2ln',
  signingCertUrl: 'https://sns.eu-west-1.amazonaws.com/x.pem',
  ...overrides,
});

describe('ConfirmSnsSubscription', () => {
  let confirmer: RecordingConfirmer;
  let useCase: ConfirmSnsSubscription;

  beforeEach(() => {
    confirmer = new RecordingConfirmer();
    useCase = new ConfirmSnsSubscription(
      new SesWebhookAccess(new WebhookSettings([{ name: 'ses', displayName: 'SES', settings: SES_WEBHOOK_SETTINGS }], { ses: { topicArns: [TOPIC] } })),
      confirmer,
    );
  });

  it('confirms an allowed topic by visiting its SubscribeURL once', async () => {
    await useCase.execute(confirmation());
    expect(confirmer.confirmed).toEqual([SUBSCRIBE_URL]);
  });

  it('never confirms a topic that is not allowed', async () => {
    await expect(useCase.execute(confirmation({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:other' }))).rejects.toThrow(WebhookNotAllowedError);
    expect(confirmer.confirmed).toEqual([]);
  });

  it.each([
    ['off SNS', 'https://evil.example/?Action=ConfirmSubscription'],
    ['in another region than the topic', SUBSCRIBE_URL.replace('eu-west-1.amazonaws', 'us-east-1.amazonaws')],
    ['over http', SUBSCRIBE_URL.replace('https:', 'http:')],
    ['with userinfo', SUBSCRIBE_URL.replace('https://', 'https://sns.eu-west-1.amazonaws.com@')],
    ['missing', null],
  ])('refuses a SubscribeURL %s without visiting it', async (_case, subscribeUrl) => {
    await expect(useCase.execute(confirmation({ subscribeUrl }))).rejects.toThrow(MalformedWebhookError);
    expect(confirmer.confirmed).toEqual([]);
  });

  it('reports a failed confirmation as SNS unreachable, so that SNS retries', async () => {
    confirmer.failWith = new Error('sns.eu-west-1.amazonaws.com answered 302 (redirects are not followed)');
    const outcome = useCase.execute(confirmation());
    await expect(outcome).rejects.toThrow(SnsUnreachableError);
    await expect(useCase.execute(confirmation())).rejects.toThrow(/could not be confirmed: .*302/);
  });
});
