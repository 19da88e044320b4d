import { generateKeyPairSync } from 'node:crypto';
import { WEBHOOK_PROVIDERS as CONFORMANCE_DESCRIPTIONS } from '../../../../test/support/webhook-providers';
import { webhookPath, webhookProviderOf } from './adapters/http/webhook-controller.decorator';
import { WebhookSettings } from './application/webhook-settings';
import { WEBHOOK_PROVIDERS } from './domain/webhook-activity';
import { WebhookNotConfiguredError } from './domain/webhook.errors';
import { resolveWebhooks, WEBHOOK_PROVIDER_DEFINITIONS, WEBHOOK_RAW_BODIES, webhookOptionsFrom } from './webhook-providers';

const sendgridKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('the webhook providers registered', () => {
  it("are the domain's providers, in its order, each controller serving its provider's path", () => {
    expect(WEBHOOK_PROVIDER_DEFINITIONS.map((provider) => provider.name)).toEqual([...WEBHOOK_PROVIDERS]);
    for (const provider of WEBHOOK_PROVIDER_DEFINITIONS)
      expect({ provider: provider.name, serves: webhookProviderOf(provider.controller) }).toEqual({ provider: provider.name, serves: provider.name });
    expect(WEBHOOK_PROVIDER_DEFINITIONS.map((provider) => webhookPath(provider.name))).toEqual([
      '/api/v1/webhooks/ses',
      '/api/v1/webhooks/mailgun',
      '/api/v1/webhooks/sendgrid',
      '/api/v1/webhooks/postmark',
      '/api/v1/webhooks/sparkpost',
      '/api/v1/webhooks/mailjet',
      '/api/v1/webhooks/brevo',
      '/api/v1/webhooks/resend',
    ]);
  });

  it('are each held to the common promises by the conformance suite (test/support/webhook-providers/)', () => {
    expect(CONFORMANCE_DESCRIPTIONS.map(({ name, path, requiredVariable }) => ({ name, path, requiredVariable }))).toEqual(
      WEBHOOK_PROVIDER_DEFINITIONS.map(({ name, settings }) => ({
        name,
        path: webhookPath(name),
        requiredVariable: settings.find((setting) => setting.required)?.variable,
      })),
    );
  });

  it('each have exactly one required setting, and no two settings share an environment variable', () => {
    for (const provider of WEBHOOK_PROVIDER_DEFINITIONS) {
      expect({ provider: provider.name, required: provider.settings.filter((setting) => setting.required).length }).toEqual({
        provider: provider.name,
        required: 1,
      });
    }
    const variables = WEBHOOK_PROVIDER_DEFINITIONS.flatMap((provider) => provider.settings.map((setting) => setting.variable));
    expect(new Set(variables).size).toBe(variables.length);
  });

  it.each([
    ['ses', 'The SES webhook is not configured: set SES_TOPIC_ARNS'],
    ['mailgun', 'The Mailgun webhook is not configured: set MAILGUN_WEBHOOK_SIGNING_KEY'],
    ['sendgrid', 'The SendGrid webhook is not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY'],
    ['postmark', 'The Postmark webhook is not configured: set POSTMARK_WEBHOOK_BASIC_AUTH'],
    ['sparkpost', 'The SparkPost webhook is not configured: set SPARKPOST_WEBHOOK_BASIC_AUTH'],
    ['mailjet', 'The Mailjet webhook is not configured: set MAILJET_WEBHOOK_BASIC_AUTH'],
    ['brevo', 'The Brevo webhook is not configured: set BREVO_WEBHOOK_BASIC_AUTH'],
    ['resend', 'The Resend webhook is not configured: set RESEND_WEBHOOK_SECRET'],
  ] as const)('refuse %s while its required setting is unset: "%s"', (name, message) => {
    const settings = new WebhookSettings(WEBHOOK_PROVIDER_DEFINITIONS, resolveWebhooks({}, () => '').resolved);
    expect(() => settings.assertConfigured(name)).toThrow(WebhookNotConfiguredError);
    expect(() => settings.assertConfigured(name)).toThrow(message);
  });

  it('take their options from the variables a host reads, leaving out what is unset', () => {
    const environment: Record<string, string | readonly string[]> = {
      SES_TOPIC_ARNS: ['arn:aws:sns:eu-west-1:123456789012:ses-events'],
      SNS_CERTIFICATES_DIR: '/etc/sns',
      SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKey,
    };
    expect(webhookOptionsFrom((setting) => environment[setting.variable])).toEqual({
      webhooks: {
        ses: { topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events'], certificatesDir: '/etc/sns' },
        mailgun: {},
        sendgrid: { publicKey: sendgridKey },
        postmark: {},
        sparkpost: {},
        mailjet: {},
        brevo: {},
        resend: {},
      },
      problems: [],
    });
  });

  it('say what is wrong with a value, naming the variable for a host and the option for the module', () => {
    const environment: Record<string, string | readonly string[]> = { SES_TOPIC_ARNS: ['my-topic'], SENDGRID_WEBHOOK_PUBLIC_KEY: 'not a key' };
    expect(webhookOptionsFrom((setting) => environment[setting.variable]).problems).toEqual([
      'SES_TOPIC_ARNS: "my-topic" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)',
      'SENDGRID_WEBHOOK_PUBLIC_KEY is not a public key in base64 DER (as SendGrid shows it) or PEM',
    ]);
    expect(resolveWebhooks({ ses: { topicArns: ['my-topic'] } }, (provider, setting) => `webhooks.${provider}.${setting.option}`).problems).toEqual([
      'webhooks.ses.topicArns: "my-topic" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)',
    ]);
  });

  it("tell a host which bodies to keep raw for the controller that reads them: Mailgun's JSON and forms, Mailjet's and Resend's JSON", () => {
    expect(WEBHOOK_RAW_BODIES).toEqual([
      { path: '/api/v1/webhooks/mailgun', contentTypes: ['application/json', 'application/x-www-form-urlencoded'] },
      { path: '/api/v1/webhooks/mailjet', contentTypes: ['application/json'] },
      { path: '/api/v1/webhooks/resend', contentTypes: ['application/json'] },
    ]);
  });
});
