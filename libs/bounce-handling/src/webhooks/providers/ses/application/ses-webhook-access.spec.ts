import { WebhookNotAllowedError, WebhookNotConfiguredError } from '../../../domain/webhook.errors';
import { SesWebhookAccess } from './ses-webhook-access';
import { WebhookSettings } from '../../../application/webhook-settings';
import { SES_WEBHOOK_SETTINGS } from './ses-webhook.settings';

const ALLOWED = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
const access = (topics: string[]) =>
  new SesWebhookAccess(new WebhookSettings([{ name: 'ses', displayName: 'SES', settings: SES_WEBHOOK_SETTINGS }], { ses: { topicArns: topics } }));

describe('SesWebhookAccess', () => {
  it('fails closed, naming SES_TOPIC_ARNS, while no topic is configured', () => {
    expect(() => access([]).assertConfigured()).toThrow(WebhookNotConfiguredError);
    expect(() => access([]).assertConfigured()).toThrow('SES_TOPIC_ARNS');
    expect(() => access([]).assertTopicAllowed(ALLOWED)).toThrow(WebhookNotConfiguredError);
  });

  it('allows the configured topics', () => {
    expect(() => access([ALLOWED]).assertConfigured()).not.toThrow();
    expect(() => access(['arn:aws:sns:us-east-1:123456789012:x', ALLOWED]).assertTopicAllowed(ALLOWED)).not.toThrow();
  });

  it.each([
    ['another topic of the account', 'arn:aws:sns:eu-west-1:123456789012:other'],
    ['the same name in another account', 'arn:aws:sns:eu-west-1:999999999999:ses-events'],
    ['the same name in another region', 'arn:aws:sns:us-east-1:123456789012:ses-events'],
    ['a prefix of an allowed topic', 'arn:aws:sns:eu-west-1:123456789012:ses'],
    ['another case', ALLOWED.toUpperCase()],
    ['trailing space', `${ALLOWED} `],
  ])('forbids %s', (_case, topic) => {
    expect(() => access([ALLOWED]).assertTopicAllowed(topic)).toThrow(WebhookNotAllowedError);
  });
});
