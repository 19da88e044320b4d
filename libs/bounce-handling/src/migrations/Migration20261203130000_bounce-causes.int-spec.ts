import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS } from '../bounces/domain/bounce-classification/bounce-reason';

/**
 * The migration on a database that already holds bounces: each row is classified from what it
 * kept (its raw event, else its diagnostic and subtype), in rounds; reason and category are then
 * required and held to the vocabulary; and it can be reverted.
 */
describe('Migration20261203130000_BounceCauses', () => {
  let db: TestOrm;

  const insert = (email: string, type: string, subtype: string | null, diagnostic: string | null, source: string, raw: unknown) =>
    db.sql(`insert into bounces (email, bounce_type, bounce_subtype, diagnostic_code, source, raw_payload) values (?, ?, ?, ?, ?, ?::jsonb)`, [
      email,
      type,
      subtype,
      diagnostic,
      source,
      raw === null ? null : JSON.stringify(raw),
    ]);

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    await db.orm.getMigrator().down({ to: 'Migration20261203130000_BounceCauses' });
  });

  afterAll(async () => {
    await db.close();
  });

  it('reverts to the bounces of before', async () => {
    expect(await db.columnsOf('bounces')).not.toContain('reason');
    expect(await db.columnsOf('bounces')).not.toContain('remote_mta');
  });

  it('classifies the bounces already stored from their raw event, diagnostic and subtype, then requires a reason and a category, undetermined when unsaid', async () => {
    await insert('ses@example.com', 'hard', 'General', 'smtp; 550 5.1.1 user unknown', 'ses', {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        remoteMtaIp: '203.0.113.7',
        bouncedRecipients: [{ emailAddress: 'ses@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      },
      mail: { messageId: 'm-1', headers: [{ name: 'Subject', value: 'Hello' }] },
    });
    await insert('mailgun@example.com', 'soft', 'generic', '421 4.7.0 Try again later, closing connection.', 'mailgun', {
      event: 'failed',
      severity: 'temporary',
      reason: 'generic',
      'delivery-status': {
        code: 421,
        message: '4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume or user complaints',
        'mx-host': 'mta7.am0.yahoodns.net',
      },
      message: { headers: { 'message-id': 'm-2' } },
    });
    await insert('sendgrid@example.com', 'hard', 'Bounced Address', null, 'sendgrid', {
      email: 'sendgrid@example.com',
      event: 'dropped',
      reason: 'Bounced Address',
    });
    await insert('api@example.com', 'hard', null, '550 5.7.1 Client host [198.51.100.7] blocked using zen.spamhaus.org', 'api', null);
    await insert('nothing@example.com', 'soft', null, null, 'api', null);
    await insert('complaint@example.com', 'complaint', 'abuse', null, 'ses', { eventType: 'Complaint' });
    await insert('excerpt@example.com', 'hard', 'NoEmail', '550 5.1.1 no such user', 'ses', { truncated: true, bytes: 40000, excerpt: '{"eventType"' });

    await db.orm.getMigrator().up();

    const rows = await db.sql<{ email: string; reason: string; category: string; status: string | null; remote_mta: string | null }>(
      'select email, reason, category, status, remote_mta from bounces order by id',
    );
    expect(rows).toEqual([
      { email: 'ses@example.com', reason: 'user_unknown', category: 'recipient', status: '5.1.1', remote_mta: '203.0.113.7' },
      { email: 'mailgun@example.com', reason: 'bad_reputation', category: 'sender', status: '4.7.0', remote_mta: 'mta7.am0.yahoodns.net' },
      { email: 'sendgrid@example.com', reason: 'suppressed', category: 'recipient', status: null, remote_mta: null },
      { email: 'api@example.com', reason: 'blocked', category: 'sender', status: '5.7.1', remote_mta: null },
      { email: 'nothing@example.com', reason: 'undetermined', category: 'undetermined', status: null, remote_mta: null },
      { email: 'complaint@example.com', reason: 'complaint', category: 'complaint', status: null, remote_mta: null },
      { email: 'excerpt@example.com', reason: 'user_unknown', category: 'recipient', status: '5.1.1', remote_mta: null },
    ]);
    const required = await db.sql<{ column_name: string; is_nullable: string }>(
      "select column_name, is_nullable from information_schema.columns where table_name = 'bounces' and column_name in ('reason', 'category', 'status', 'remote_mta') order by column_name",
    );
    const [unsaid] = await db.sql("insert into bounces (email, bounce_type, source) values ('bulk@example.com', 'hard', 'api') returning reason, category");
    expect(unsaid).toEqual({ reason: 'undetermined', category: 'undetermined' });
    expect(required).toEqual([
      { column_name: 'category', is_nullable: 'NO' },
      { column_name: 'reason', is_nullable: 'NO' },
      { column_name: 'remote_mta', is_nullable: 'YES' },
      { column_name: 'status', is_nullable: 'YES' },
    ]);
  });

  it('holds reason and category to the whole vocabulary, and nothing else', async () => {
    const store = (reason: string, category: string) =>
      db.sql(`insert into bounces (email, bounce_type, source, reason, category) values ('v@example.com', 'soft', 'api', ?, ?)`, [reason, category]);
    for (const reason of BOUNCE_REASONS) await expect(store(reason, 'undetermined')).resolves.toBeDefined();
    for (const category of BOUNCE_CATEGORIES) await expect(store('undetermined', category)).resolves.toBeDefined();
    await expect(store('bounced', 'recipient')).rejects.toThrow(/bounces_reason_check/);
    await expect(store('user_unknown', 'address')).rejects.toThrow(/bounces_category_check/);
  });

  it('classifies in rounds of a bounded size, each row once', async () => {
    await db.orm.getMigrator().down({ to: 'Migration20261203130000_BounceCauses' });
    await db.sql('delete from bounces');
    await db.sql(
      `insert into bounces (email, bounce_type, diagnostic_code, source)
       select 'r' || n || '@example.com', 'hard', '550 5.1.1 user unknown', 'api' from generate_series(1, 5001) as n`,
    );
    await db.orm.getMigrator().up();
    const [counts] = await db.sql<{ total: string; classified: string }>(
      "select count(*) as total, count(*) filter (where reason = 'user_unknown' and status = '5.1.1') as classified from bounces",
    );
    expect(counts).toEqual({ total: '5001', classified: '5001' });
  });
});
