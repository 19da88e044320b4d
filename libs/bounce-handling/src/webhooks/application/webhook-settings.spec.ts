import { WEBHOOK_PROVIDERS } from '../domain/webhook-activity';
import { WebhookNotConfiguredError } from '../domain/webhook.errors';
import { MAILGUN_WEBHOOK_SETTINGS } from '../providers/mailgun/application/mailgun-webhook.settings';
import { SES_WEBHOOK_SETTINGS } from '../providers/ses/application/ses-webhook.settings';
import { WEBHOOK_PROVIDER_DEFINITIONS as PROVIDERS } from '../webhook-providers';
import { resolveWebhookSettings, type WebhookSettingList, WebhookSettings } from './webhook-settings';

describe('WebhookSettings', () => {
  const unconfigured = new WebhookSettings(PROVIDERS, {});
  const configured = new WebhookSettings(PROVIDERS, {
    ses: { topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events'] },
    mailgun: { signingKey: 'mailgun-key' },
    sendgrid: { publicKey: 'sendgrid-key' },
    postmark: { credentials: ['postmark:secret'] },
    sparkpost: { credentials: ['sparkpost:secret'] },
    mailjet: { credentials: ['mailjet:secret'] },
    brevo: { credentials: ['brevo:secret'] },
    resend: { signingSecret: 'whsec_c2VjcmV0' },
  });

  it.each<[string, string, string]>([
    ['ses', 'SES', 'SES_TOPIC_ARNS'],
    ['mailgun', 'Mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY'],
    ['sendgrid', 'SendGrid', 'SENDGRID_WEBHOOK_PUBLIC_KEY'],
    ['postmark', 'Postmark', 'POSTMARK_WEBHOOK_BASIC_AUTH'],
    ['sparkpost', 'SparkPost', 'SPARKPOST_WEBHOOK_BASIC_AUTH'],
    ['mailjet', 'Mailjet', 'MAILJET_WEBHOOK_BASIC_AUTH'],
    ['brevo', 'Brevo', 'BREVO_WEBHOOK_BASIC_AUTH'],
    ['resend', 'Resend', 'RESEND_WEBHOOK_SECRET'],
  ])('fails closed for %s while its setting is not made, naming %s and %s', (provider, name, setting) => {
    expect(() => unconfigured.assertConfigured(provider as never)).toThrow(new WebhookNotConfiguredError(name, setting));
    expect(new WebhookNotConfiguredError(name, setting).message).toBe(`The ${name} webhook is not configured: set ${setting}`);
  });

  it.each(WEBHOOK_PROVIDERS)('lets %s through once its setting is made', (provider) => {
    expect(() => configured.assertConfigured(provider)).not.toThrow();
    expect(configured.isConfigured(provider)).toBe(true);
    expect(unconfigured.isConfigured(provider)).toBe(false);
  });

  it("gives each provider's code its settings, by the list that declares them, unset ones null or empty", () => {
    expect(configured.of(MAILGUN_WEBHOOK_SETTINGS)).toEqual({ signingKey: 'mailgun-key' });
    expect(configured.of(SES_WEBHOOK_SETTINGS)).toEqual({ topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events'], certificatesDir: null });
    expect(unconfigured.of(SES_WEBHOOK_SETTINGS)).toEqual({ topicArns: [], certificatesDir: null });
    expect(() => configured.of([{ option: 'other', variable: 'OTHER', kind: 'text', required: true }])).toThrow('No webhook provider is registered');
  });
});

describe('resolveWebhookSettings', () => {
  const SETTINGS = [
    {
      option: 'tokens',
      variable: 'TOKENS',
      kind: 'list',
      required: true,
      check: (value: string, name: string) => (/^t-/.test(value) ? null : `${name}: "${value}" is no token`),
    },
    { option: 'secret', variable: 'SECRET', kind: 'text', check: (value: string, name: string) => (value.length >= 4 ? null : `${name} is too short`) },
    { option: 'folder', variable: 'FOLDER', kind: 'path' },
  ] as const satisfies WebhookSettingList;
  const byVariable = (setting: { variable: string }) => setting.variable;

  it('trims values, drops empty entries of a list, and leaves an unset value null and an unset list empty', () => {
    expect(resolveWebhookSettings(SETTINGS, { tokens: [' t-1 ', '', 't-2'], secret: ' abcd ', folder: '  ' }, byVariable)).toEqual({
      resolved: { tokens: ['t-1', 't-2'], secret: 'abcd', folder: null },
      problems: [],
    });
    expect(resolveWebhookSettings(SETTINGS, undefined, byVariable)).toEqual({ resolved: { tokens: [], secret: null, folder: null }, problems: [] });
  });

  it('checks every value (each entry of a list), naming the setting as it is told', () => {
    const { problems } = resolveWebhookSettings(SETTINGS, { tokens: ['t-1', 'x', 'y'], secret: 'ab' }, (setting) => `webhooks.demo.${setting.option}`);
    expect(problems).toEqual(['webhooks.demo.tokens: "x" is no token', 'webhooks.demo.tokens: "y" is no token', 'webhooks.demo.secret is too short']);
  });
});
