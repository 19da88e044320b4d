import { Client } from 'pg';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresStatusChangeLog } from '../../../shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { EmailAddress } from '../../../shared/domain/email-address';
import { PostgresDeliveryStatisticsRepository } from '../../../statistics/adapters/persistence/postgres-delivery-statistics-repository.adapter';
import {
  aHardBounce,
  aSoftBounce,
  FixedClock,
  InMemoryAllowList,
  RecordingDeliveryStatistics,
  RecordingIngestionMetrics,
  RecordingStatusChangeNotifier,
} from '../../../testing';
import { BounceHandlingRules } from '../../application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../../application/ingest-delivery-events.use-case';
import { MaintainBounceRetention } from '../../application/maintain-bounce-retention.use-case';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';
import { PostgresBounceRetentionStore, RAW_REPORT_BATCH } from './postgres-bounce-retention-store.adapter';

describe('the retention of bounces on PostgreSQL', () => {
  let db: TestOrm;
  let bounces: PostgresBounceRepository;
  const clock = new FixedClock();

  const maintenance = (retentionMonths: number | null = null, rawReportRetentionDays: number | null = null) =>
    new MaintainBounceRetention(new PostgresBounceRetentionStore(db.orm.em), clock, { retentionMonths, rawReportRetentionDays });

  const ingest = (...events: Parameters<IngestDeliveryEvents['execute']>[0]) =>
    new IngestDeliveryEvents(
      new PostgresTransactionRunner(db.orm.em),
      new PostgresAddressStateRepository(db.orm.em),
      bounces,
      new PostgresStatusChangeLog(db.orm.em),
      new RecordingStatusChangeNotifier(),
      new BounceHandlingRules(3),
      clock,
      new InMemoryAllowList(),
      new PostgresOutbox(db.orm.em),
      new RecordingDeliveryStatistics(),
      new RecordingIngestionMetrics(),
    ).execute(events);

  const partitions = async (): Promise<string[]> =>
    (
      await db.sql<{ name: string }>(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'bounces'::regclass order by 1`,
      )
    ).map((row) => row.name);

  /** The list's totals (kept by counters), in all and of the domain of every address here, and the rows there are: they must agree. */
  const totals = async () => ({
    listed: (await bounces.list({}, { limit: 1, offset: 0 })).total,
    ofDomain: (await bounces.list({ domains: ['example.com'] }, { limit: 1, offset: 0 })).total,
    stored: (await db.sql<{ n: number }>('select count(*)::int as n from bounces'))[0].n,
  });

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 5 });
    bounces = new PostgresBounceRepository(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
    await db.sql('update bounce_retention_state set raw_reports_cleared_before = null');
  });

  afterAll(async () => {
    await db.close();
  });

  it('makes the partitions of the current month and the next two, and does nothing more when they exist', async () => {
    clock.current = new Date('2031-07-15T10:00:00Z');
    expect(await maintenance().run()).toEqual({
      created: ['bounces_2031_07', 'bounces_2031_08', 'bounces_2031_09'],
      movedFromDefault: 0,
      droppedMonths: [],
      droppedBounces: 0,
      clearedRawReports: 0,
    });
    expect(await partitions()).toEqual(expect.arrayContaining(['bounces_2031_07', 'bounces_2031_08', 'bounces_2031_09', 'bounces_default']));
    expect(await maintenance().run()).toMatchObject({ created: [] });
    const [{ id }] = await db.sql<{ id: string }>(
      `insert into bounces (email, bounce_type, source, created_at) values ('a@example.com', 'hard', 'api', '2031-08-31T23:59:59.999999Z') returning id`,
    );
    expect(await db.sql('select tableoid::regclass::text as p from bounces where id = ?', [id])).toEqual([{ p: 'bounces_2031_08' }]);
  });

  it('moves the bounces that waited in the default partition into the partition made for their month, with their ids, counters and dedupe keys', async () => {
    clock.current = new Date('2032-04-20T00:00:00Z');
    const [id] = await bounces.addAll([
      {
        email: 'early@example.com',
        bounceType: 'hard',
        bounceSubtype: null,
        diagnosticCode: null,
        cause: { reason: 'user_unknown', category: 'recipient', status: null, remoteMta: null },
        source: 'ses',
        subscriberId: null,
        campaignId: null,
        providerMessageId: null,
        providerEventId: 'e-early',
        rawPayload: null,
        createdAt: new Date('2032-05-10T00:00:00Z'),
      },
    ]);
    expect(await db.sql('select tableoid::regclass::text as p from bounces')).toEqual([{ p: 'bounces_default' }]);

    expect(await maintenance().run()).toMatchObject({ created: ['bounces_2032_04', 'bounces_2032_05', 'bounces_2032_06'], movedFromDefault: 1 });

    expect(await db.sql('select id::int, tableoid::regclass::text as p from bounces')).toEqual([{ id, p: 'bounces_2032_05' }]);
    expect(await totals()).toEqual({ listed: 1, ofDomain: 1, stored: 1 });
    expect(await bounces.recordedEvents([{ source: 'ses', providerEventId: 'e-early' }])).toEqual([{ source: 'ses', providerEventId: 'e-early' }]);
  });

  it('drops the months wholly older than RETENTION_MONTHS: an address suppressed by a dropped bounce stays suppressed, the statistics answer the same and the counters stay exact', async () => {
    const gone = EmailAddress.parse('gone@example.com');
    const lone = EmailAddress.parse('lone@example.com');
    const other = EmailAddress.parse('other@example.com');
    await db.sql(`insert into subscribers (email) values ('gone@example.com')`);
    // January 2024: a hard bounce suppresses a subscriber, a soft one counts for a lone address.
    clock.current = new Date('2024-01-15T12:00:00Z');
    await maintenance().run();
    await ingest(
      aHardBounce({ email: gone, source: 'ses', providerEventId: 'e-jan' }),
      aSoftBounce({ email: lone, source: 'ses', providerEventId: 'e-soft', providerMessageId: 'm-jan' }),
    );
    clock.current = new Date('2024-02-15T12:00:00Z');
    await ingest(
      aSoftBounce({ email: lone, source: 'ses', providerEventId: 'e-feb', providerMessageId: 'm-feb' }),
      aSoftBounce({ email: other, source: 'ses', providerEventId: 'e-span-1', providerMessageId: 'm-span' }),
    );
    clock.current = new Date('2024-03-05T12:00:00Z');
    await ingest(
      aSoftBounce({ email: lone, source: 'ses', providerEventId: 'e-mar', providerMessageId: 'm-mar' }),
      aSoftBounce({ email: other, source: 'ses', providerEventId: 'e-span-2', providerMessageId: 'm-span' }),
    );
    await db.sql(`insert into bounces (email, bounce_type, source, created_at) values ('ancient@example.com', 'hard', 'api', '2019-06-01T00:00:00Z')`);
    await db.sql(
      `insert into delivery_statistics (dimension, group_key, granularity, bucket, sent, hard, soft) values ('source', 'ses', 'day', '2024-01-15T00:00:00Z', 10, 1, 1)`,
    );
    const statistics = new PostgresDeliveryStatisticsRepository(db.orm.em);
    const range = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-04-01T00:00:00Z'), interval: 'day' } as const;
    const answered = await statistics.series('source', range);
    expect(answered).not.toEqual([]);
    const states = async () => ({
      subscriber: await db.sql(`select status, suppressed_by from subscribers where email = 'gone@example.com'`),
      lone: await db.sql(`select status, consecutive_soft_bounces from address_states where email = 'lone@example.com'`),
    });
    const before = await states();
    expect(before.subscriber).toEqual([{ status: 'bounced', suppressed_by: 'hard-bounce' }]);
    // The lone address's third soft bounce, in March, suppressed it.
    const march = await db.sql<{ id: string }>(`select id from bounces where provider_event_id = 'e-mar'`);
    expect(await db.sql('select email, bounce_id from status_changes order by email')).toEqual([
      { email: 'gone@example.com', bounce_id: expect.any(String) },
      { email: 'lone@example.com', bounce_id: march[0].id },
    ]);

    // Twelve months after 2025-03-10 reaches back to 2024-03-10: January and February go, March stays.
    clock.current = new Date('2025-03-10T00:00:00Z');
    const outcome = await maintenance(12).run();

    expect(outcome).toMatchObject({ droppedMonths: ['bounces_2024_01', 'bounces_2024_02'], droppedBounces: 5 });
    expect(await partitions()).not.toEqual(expect.arrayContaining(['bounces_2024_01']));
    expect(await partitions()).toContain('bounces_2024_03');
    expect(await db.sql('select email from bounces order by email')).toEqual([{ email: 'lone@example.com' }, { email: 'other@example.com' }]);
    expect(await totals()).toEqual({ listed: 2, ofDomain: 2, stored: 2 });
    expect(await states()).toEqual(before);
    expect(await statistics.series('source', range)).toEqual(answered);
    expect(await db.sql('select email, status, bounce_id from status_changes order by email')).toEqual([
      { email: 'gone@example.com', status: 'bounced', bounce_id: null },
      { email: 'lone@example.com', status: 'bounced', bounce_id: march[0].id },
    ]);
    // The dedupe keys went with their months: a report re-sent now is stored anew.
    expect(
      await bounces.recordedEvents([
        { source: 'ses', providerEventId: 'e-jan' },
        { source: 'ses', providerEventId: 'e-mar' },
      ]),
    ).toEqual([{ source: 'ses', providerEventId: 'e-mar' }]);
    // The soft-bounced messages went with the month of their latest soft bounce (rule 5's look-up).
    const messages = await bounces.softBouncedMessages(
      ['m-jan', 'm-feb', 'm-mar']
        .map((providerMessageId) => ({ email: 'lone@example.com', providerMessageId }))
        .concat({ email: 'other@example.com', providerMessageId: 'm-span' }),
    );
    expect(messages.sort((a, b) => a.providerMessageId.localeCompare(b.providerMessageId))).toEqual([
      { email: 'lone@example.com', providerMessageId: 'm-mar' },
      { email: 'other@example.com', providerMessageId: 'm-span' },
    ]);
  });

  it('finishes dropping a month that a run detached and did not drop', async () => {
    clock.current = new Date('2024-01-15T12:00:00Z');
    await maintenance().run();
    await ingest(aHardBounce({ email: EmailAddress.parse('a@example.com'), source: 'ses', providerEventId: 'e-1' }));
    await db.sql('alter table bounces detach partition bounces_2024_01');
    clock.current = new Date('2025-06-01T00:00:00Z');
    expect(await maintenance(12).run()).toMatchObject({ droppedMonths: expect.arrayContaining(['bounces_2024_01']) });
    expect(await db.sql(`select to_regclass('bounces_2024_01') as t`)).toEqual([{ t: null }]);
    expect(await bounces.recordedEvents([{ source: 'ses', providerEventId: 'e-1' }])).toEqual([]);
  });

  it('clears the raw reports older than RAW_REPORT_RETENTION_DAYS in batches, keeping the bounces and the newer reports', async () => {
    clock.current = new Date('2030-03-31T00:00:00Z');
    await maintenance().run();
    const old = RAW_REPORT_BATCH * 2 + 17;
    await db.sql(
      `insert into bounces (email, bounce_type, source, raw_payload, created_at)
       select 'user' || n || '@example.com', 'hard', 'ses', '{"raw": true}'::jsonb, timestamptz '2030-02-01T00:00:00Z' + n * interval '1 microsecond'
         from generate_series(1, ?) as n`,
      [old],
    );
    await db.sql(
      `insert into bounces (email, bounce_type, source, raw_payload, created_at) values ('new@example.com', 'hard', 'ses', '{"raw": true}', '2030-03-20T00:00:00Z')`,
    );

    expect(await maintenance(null, 30).run()).toMatchObject({ clearedRawReports: old });
    expect(await db.sql('select count(*)::int as n from bounces where raw_payload is not null')).toEqual([{ n: 1 }]);
    expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: old + 1 }]);

    clock.current = new Date('2030-04-25T00:00:00Z');
    expect(await maintenance(null, 30).run()).toMatchObject({ clearedRawReports: 1 });
  });

  it('leaves the work to the instance already doing it', async () => {
    const other = new Client({ connectionString: db.database.url });
    await other.connect();
    try {
      await other.query(`select pg_advisory_lock(hashtextextended('mailpass:bounce-retention', 0))`);
      clock.current = new Date('2033-01-10T00:00:00Z');
      expect(await maintenance().run()).toBeNull();
      expect(await partitions()).not.toContain('bounces_2033_01');
    } finally {
      await other.end();
    }
    expect(await maintenance().run()).toMatchObject({ created: ['bounces_2033_01', 'bounces_2033_02', 'bounces_2033_03'] });
  });
});
