import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { noActivity, type WebhookActivity, type WebhookRefusal } from '../../domain/webhook-activity';
import { PostgresWebhookActivityRepository } from './postgres-webhook-activity-repository.adapter';

describe('webhook activity on PostgreSQL', () => {
  let db: TestOrm;
  let repository: PostgresWebhookActivityRepository;
  const at = (time: string) => new Date(`2026-03-01T${time}Z`);
  const badSignature: WebhookRefusal = { reason: 'bad_signature', status: 401, message: 'The Mailgun signature does not match' };
  const notConfigured: WebhookRefusal = {
    reason: 'not_configured',
    status: 503,
    message: 'The Mailgun webhook is not configured: set MAILGUN_WEBHOOK_SIGNING_KEY',
  };
  const mailgun = (changes: Partial<WebhookActivity>): WebhookActivity => ({ ...noActivity('mailgun'), ...changes });

  beforeAll(async () => {
    db = await openTestOrm();
    repository = new PostgresWebhookActivityRepository(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql('truncate webhook_activity');
  });

  afterAll(async () => {
    await db.close();
  });

  it('finds nothing before anything is written', async () => {
    expect(await repository.findAll()).toEqual([]);
  });

  it("creates a provider's row on its first write and reads it back as written", async () => {
    const delta = mailgun({ accepted: 3, refused: 1, lastAcceptedAt: at('10:00:00.123'), lastRefusedAt: at('10:00:01.456'), lastRefusal: badSignature });
    await repository.add([delta]);
    expect(await repository.findAll()).toEqual([delta]);
  });

  it('adds the counts of later writes to the stored ones and keeps the latest times', async () => {
    await repository.add([mailgun({ accepted: 3, lastAcceptedAt: at('10:00:05') })]);
    await repository.add([mailgun({ accepted: 2, refused: 1, lastAcceptedAt: at('10:00:03'), lastRefusedAt: at('10:00:04'), lastRefusal: badSignature })]);
    expect(await repository.findAll()).toEqual([
      mailgun({ accepted: 5, refused: 1, lastAcceptedAt: at('10:00:05'), lastRefusedAt: at('10:00:04'), lastRefusal: badSignature }),
    ]);
  });

  it('keeps the refusal of the latest refused request, whichever process writes last', async () => {
    await repository.add([mailgun({ refused: 1, lastRefusedAt: at('10:00:09'), lastRefusal: notConfigured })]);
    await repository.add([mailgun({ refused: 1, lastRefusedAt: at('10:00:08'), lastRefusal: badSignature })]);
    expect((await repository.findAll())[0]).toMatchObject({ refused: 2, lastRefusedAt: at('10:00:09'), lastRefusal: notConfigured });
    await repository.add([mailgun({ refused: 1, lastRefusedAt: at('10:00:10'), lastRefusal: badSignature })]);
    expect((await repository.findAll())[0]).toMatchObject({ refused: 3, lastRefusedAt: at('10:00:10'), lastRefusal: badSignature });
  });

  it('keeps what is stored when a write carries only accepted requests', async () => {
    await repository.add([mailgun({ refused: 1, lastRefusedAt: at('10:00:09'), lastRefusal: notConfigured })]);
    await repository.add([mailgun({ accepted: 1, lastAcceptedAt: at('10:00:10') })]);
    expect(await repository.findAll()).toEqual([
      mailgun({ accepted: 1, refused: 1, lastAcceptedAt: at('10:00:10'), lastRefusedAt: at('10:00:09'), lastRefusal: notConfigured }),
    ]);
  });

  it('writes several providers in one call, and two deltas of one provider as their sum', async () => {
    await repository.add([
      { ...noActivity('sendgrid'), accepted: 1, lastAcceptedAt: at('10:00:00') },
      { ...noActivity('ses'), refused: 1, lastRefusedAt: at('10:00:00'), lastRefusal: { reason: 'unknown_topic', status: 403, message: 'not ours' } },
      { ...noActivity('sendgrid'), accepted: 2, lastAcceptedAt: at('10:00:01') },
    ]);
    const stored = await repository.findAll();
    expect(stored.find((activity) => activity.provider === 'sendgrid')).toMatchObject({ accepted: 3, lastAcceptedAt: at('10:00:01') });
    expect(stored.find((activity) => activity.provider === 'ses')).toMatchObject({
      refused: 1,
      lastRefusal: { reason: 'unknown_topic', status: 403, message: 'not ours' },
    });
  });

  it('loses no count when twenty processes write at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        repository.add([
          { ...noActivity('ses'), accepted: n + 1, lastAcceptedAt: at(`10:00:${String(n).padStart(2, '0')}`) },
          mailgun({ refused: 1, lastRefusedAt: at(`10:00:${String(n).padStart(2, '0')}`), lastRefusal: { ...badSignature, message: `refusal ${n}` } }),
        ]),
      ),
    );
    const stored = await repository.findAll();
    expect(stored.find((activity) => activity.provider === 'ses')).toMatchObject({ accepted: 210, lastAcceptedAt: at('10:00:19') });
    expect(stored.find((activity) => activity.provider === 'mailgun')).toMatchObject({ refused: 20, lastRefusal: { message: 'refusal 19' } });
  });

  it('refuses to read a row of a provider it does not know, naming the column', async () => {
    await db.sql("insert into webhook_activity (provider, accepted) values ('carrier-pigeon', 1)");
    await expect(repository.findAll()).rejects.toThrow(
      new UnexpectedRowError('provider', 'one of ses, mailgun, sendgrid, postmark, sparkpost, mailjet, brevo, resend', 'carrier-pigeon'),
    );
  });

  it('counts beyond 2^31', async () => {
    await repository.add([mailgun({ accepted: 2 ** 31 })]);
    await repository.add([mailgun({ accepted: 2 ** 31 })]);
    expect((await repository.findAll())[0].accepted).toBe(2 ** 32);
  });

  it('stores a message with text PostgreSQL refuses (NUL, a lone surrogate) made storable', async () => {
    await repository.add([
      mailgun({
        refused: 1,
        lastRefusedAt: at('10:00:00'),
        lastRefusal: { reason: 'unknown_topic', status: 403, message: 'topic a\u0000b\ud800 is not allowed' },
      }),
    ]);
    expect((await repository.findAll())[0].lastRefusal?.message).toBe('topic a\ufffdb\ufffd is not allowed');
  });
});
