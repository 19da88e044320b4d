import { FixedClock, InMemoryWebhookActivityRepository } from '../../testing';
import { noActivity } from '../domain/webhook-activity';
import { GetWebhooksStatus } from './get-webhooks-status.use-case';
import { WebhookActivityRecorder } from './webhook-activity.recorder';
import { WebhookSettings } from './webhook-settings';
import { MAILGUN_WEBHOOK_SETTINGS } from '../providers/mailgun/application/mailgun-webhook.settings';
import { MAILJET_WEBHOOK_SETTINGS } from '../providers/mailjet/application/mailjet-webhook.settings';
import { SENDGRID_WEBHOOK_SETTINGS } from '../providers/sendgrid/application/sendgrid-webhook.settings';
import { SES_WEBHOOK_SETTINGS } from '../providers/ses/application/ses-webhook.settings';

/** The three providers as `WebhookSettings` knows them. */
const PROVIDERS = [
  { name: 'ses', displayName: 'SES', settings: SES_WEBHOOK_SETTINGS },
  { name: 'mailgun', displayName: 'Mailgun', settings: MAILGUN_WEBHOOK_SETTINGS },
  { name: 'sendgrid', displayName: 'SendGrid', settings: SENDGRID_WEBHOOK_SETTINGS },
  { name: 'mailjet', displayName: 'Mailjet', settings: MAILJET_WEBHOOK_SETTINGS },
] as const;

describe('GetWebhooksStatus', () => {
  const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
  const unconfigured = new WebhookSettings(PROVIDERS, {});
  const allConfigured = new WebhookSettings(PROVIDERS, {
    ses: { topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events'] },
    mailgun: { signingKey: 'mailgun-key' },
    sendgrid: { publicKey: 'sendgrid-key' },
    mailjet: { credentials: ['mailjet:secret'] },
  });

  const setUp = (settings: WebhookSettings) => {
    const repository = new InMemoryWebhookActivityRepository();
    const recorder = new WebhookActivityRecorder(repository, clock);
    return { repository, recorder, status: new GetWebhooksStatus(settings, recorder, repository) };
  };

  it('lists every provider in a stable order, with nothing received when nothing is stored', async () => {
    const { status } = setUp(unconfigured);
    expect(await status.execute()).toEqual([
      { provider: 'ses', configured: false, activity: noActivity('ses') },
      { provider: 'mailgun', configured: false, activity: noActivity('mailgun') },
      { provider: 'sendgrid', configured: false, activity: noActivity('sendgrid') },
      { provider: 'mailjet', configured: false, activity: noActivity('mailjet') },
    ]);
  });

  it('says which providers are configured: SES by its topics, Mailgun by its signing key, SendGrid by its public key', async () => {
    expect((await setUp(allConfigured).status.execute()).map(({ provider, configured }) => [provider, configured])).toEqual([
      ['ses', true],
      ['mailgun', true],
      ['sendgrid', true],
      ['mailjet', true],
    ]);
    const mailgunOnly = new WebhookSettings(PROVIDERS, { mailgun: { signingKey: 'mailgun-key' } });
    expect((await setUp(mailgunOnly).status.execute()).map(({ configured }) => configured)).toEqual([false, true, false, false]);
  });

  it("shows the stored activity with this process's outcomes not yet written", async () => {
    const { repository, recorder, status } = setUp(allConfigured);
    await repository.add([{ ...noActivity('mailgun'), accepted: 40, lastAcceptedAt: new Date('2026-03-01T09:00:00Z') }]);
    await recorder.record('mailgun', { kind: 'accepted', at: clock.now() }); // written at once
    await recorder.record('mailgun', { kind: 'accepted', at: clock.now() }); // kept for a second
    const [, mailgun] = await status.execute();
    expect(mailgun.activity).toMatchObject({ accepted: 42, lastAcceptedAt: clock.now() });
  });

  it('leaves out stored activity of a provider it does not serve', async () => {
    const { repository, status } = setUp(allConfigured);
    repository.stored.set('postmark' as never, { ...noActivity('ses'), provider: 'postmark' as never, accepted: 3 });
    expect((await status.execute()).map(({ provider }) => provider)).toEqual(['ses', 'mailgun', 'sendgrid', 'mailjet']);
  });
});
