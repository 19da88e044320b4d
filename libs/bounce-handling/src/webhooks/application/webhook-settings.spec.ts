import { WEBHOOK_PROVIDERS } from '../domain/webhook-activity';
import { WebhookNotConfiguredError } from '../domain/webhook.errors';
import { WebhookSettings } from './webhook-settings';

describe('WebhookSettings', () => {
  const unconfigured = new WebhookSettings([], null, null, null);
  const configured = new WebhookSettings(['arn:aws:sns:eu-west-1:123456789012:ses-events'], null, 'mailgun-key', 'sendgrid-key');

  it.each<[string, string, string]>([
    ['ses', 'SES', 'SES_TOPIC_ARNS'],
    ['mailgun', 'Mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY'],
    ['sendgrid', 'SendGrid', 'SENDGRID_WEBHOOK_PUBLIC_KEY'],
  ])('fails closed for %s while its setting is not made, naming %s and %s', (provider, name, setting) => {
    expect(() => unconfigured.assertConfigured(provider as never)).toThrow(new WebhookNotConfiguredError(name, setting));
    expect(new WebhookNotConfiguredError(name, setting).message).toBe(`The ${name} webhook is not configured: set ${setting}`);
  });

  it.each(WEBHOOK_PROVIDERS)('lets %s through once its setting is made', (provider) => {
    expect(() => configured.assertConfigured(provider)).not.toThrow();
    expect(configured.isConfigured(provider)).toBe(true);
    expect(unconfigured.isConfigured(provider)).toBe(false);
  });
});
