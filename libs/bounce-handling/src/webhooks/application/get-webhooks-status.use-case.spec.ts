import { FixedClock, InMemoryWebhookActivityRepository } from '../../testing';
import { noActivity } from '../domain/webhook-activity';
import { GetWebhooksStatus } from './get-webhooks-status.use-case';
import { WebhookActivityRecorder } from './webhook-activity.recorder';
import { WebhookSettings } from './webhook-settings';
import { WEBHOOK_PROVIDER_DEFINITIONS as PROVIDERS } from '../webhook-providers';

const NAMES = ['ses', 'mailgun', 'sendgrid', 'postmark', 'sparkpost', 'mailjet', 'brevo', 'resend'] as const;

describe('GetWebhooksStatus', () => {
  const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
  const unconfigured = new WebhookSettings(PROVIDERS, {});
  const allConfigured = new WebhookSettings(PROVIDERS, {
    ses: { topicArns: ['arn:aws:sns:eu-west-1:123456789012:ses-events'] },
    mailgun: { signingKey: 'mailgun-key' },
    sendgrid: { publicKey: 'sendgrid-key' },
    postmark: { credentials: ['postmark:secret'] },
    sparkpost: { credentials: ['sparkpost:secret'] },
    mailjet: { credentials: ['mailjet:secret'] },
    brevo: { credentials: ['brevo:secret'] },
    resend: { signingSecret: 'whsec_c2VjcmV0' },
  });

  const setUp = (settings: WebhookSettings) => {
    const repository = new InMemoryWebhookActivityRepository();
    const recorder = new WebhookActivityRecorder(repository, clock);
    return { repository, recorder, status: new GetWebhooksStatus(settings, recorder, repository) };
  };

  it('lists every provider in a stable order, with nothing received when nothing is stored', async () => {
    const { status } = setUp(unconfigured);
    expect(await status.execute()).toEqual(NAMES.map((provider) => ({ provider, configured: false, activity: noActivity(provider) })));
  });

  it('says which providers are configured, each by its required setting (SES its topics, Mailgun its signing key, the Basic ones their credentials, …)', async () => {
    expect((await setUp(allConfigured).status.execute()).map(({ provider, configured }) => [provider, configured])).toEqual(NAMES.map((name) => [name, true]));
    const mailgunOnly = new WebhookSettings(PROVIDERS, { mailgun: { signingKey: 'mailgun-key' } });
    expect((await setUp(mailgunOnly).status.execute()).map(({ configured }) => configured)).toEqual(NAMES.map((name) => name === 'mailgun'));
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
    repository.stored.set('carrier-pigeon' as never, { ...noActivity('ses'), provider: 'carrier-pigeon' as never, accepted: 3 });
    expect((await status.execute()).map(({ provider }) => provider)).toEqual([...NAMES]);
  });
});
