import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresStatusChangeLog } from '../../../shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { SystemClock } from '../../../shared/adapters/system-clock.adapter';
import { EmailAddress } from '../../../shared/domain/email-address';
import {
  aComplaint,
  aDelivery,
  aHardBounce,
  aSoftBounce,
  InMemoryAllowList,
  RecordingDeliveryStatistics,
  RecordingIngestionMetrics,
  RecordingStatusChangeNotifier,
} from '../../../testing';
import { BounceHandlingRules } from '../../application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../../application/ingest-delivery-events.use-case';
import type { BounceFilter, NewBounce } from '../../application/ports/bounce.repository.port';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';

describe('bounces persistence on PostgreSQL', () => {
  let db: TestOrm;
  let bounces: PostgresBounceRepository;
  let addresses: PostgresAddressStateRepository;
  let transactions: PostgresTransactionRunner;

  const ingestWith = (threshold: number, notifier = new RecordingStatusChangeNotifier()) =>
    new IngestDeliveryEvents(
      transactions,
      addresses,
      bounces,
      new PostgresStatusChangeLog(db.orm.em),
      notifier,
      new BounceHandlingRules(threshold),
      new SystemClock(),
      new InMemoryAllowList(),
      new PostgresOutbox(db.orm.em),
      new RecordingDeliveryStatistics(),
      new RecordingIngestionMetrics(),
    );

  const aNewBounce = (overrides: Partial<NewBounce> = {}): NewBounce => ({
    email: 'a@example.com',
    bounceType: 'hard',
    bounceSubtype: 'NoEmail',
    diagnosticCode: '550 5.1.1',
    cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' },
    source: 'ses',
    subscriberId: null,
    campaignId: null,
    providerMessageId: null,
    providerEventId: null,
    rawPayload: { any: ['json'] },
    createdAt: new Date('2026-01-10T12:00:00Z'),
    ...overrides,
  });

  const add = async (bounce: NewBounce): Promise<number | null> => (await bounces.addAll([bounce]))[0];

  const subscriber = async (email: string, name: string | null = null, status = 'active', soft = 0): Promise<number> => {
    const [row] = await db.sql<{ id: string }>('insert into subscribers (email, name, status, consecutive_soft_bounces) values (?, ?, ?, ?) returning id', [
      email,
      name,
      status,
      soft,
    ]);
    return Number(row.id);
  };

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 25 });
    bounces = new PostgresBounceRepository(db.orm.em);
    addresses = new PostgresAddressStateRepository(db.orm.em);
    transactions = new PostgresTransactionRunner(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await db.close();
  });

  describe('PostgresBounceRepository', () => {
    it('stores a bounce with every field and its raw payload', async () => {
      const id = await add(aNewBounce({ campaignId: 'jan', providerMessageId: 'm-1', providerEventId: 'e-1' }));
      const [row] = await db.sql('select * from bounces where id = ?', [id]);
      expect(row).toMatchObject({
        email: 'a@example.com',
        bounce_type: 'hard',
        bounce_subtype: 'NoEmail',
        diagnostic_code: '550 5.1.1',
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        remote_mta: 'mx.example.com',
        source: 'ses',
        campaign_id: 'jan',
        provider_message_id: 'm-1',
        provider_event_id: 'e-1',
        raw_payload: { any: ['json'] },
      });
    });

    it('returns null instead of storing a second bounce with the same source and provider event id', async () => {
      expect(await add(aNewBounce({ providerEventId: 'e-1' }))).toEqual(expect.any(Number));
      expect(await add(aNewBounce({ providerEventId: 'e-1' }))).toBeNull();
      expect(await add(aNewBounce({ providerEventId: 'e-1', source: 'mailgun' }))).toEqual(expect.any(Number));
      expect(await add(aNewBounce({ providerEventId: null }))).toEqual(expect.any(Number));
      expect(await add(aNewBounce({ providerEventId: null }))).toEqual(expect.any(Number));
      const [{ count }] = await db.sql<{ count: string }>('select count(*) from bounces');
      expect(Number(count)).toBe(4);
    });

    it('stores a batch in one call, answering ids in order and null for reports already stored', async () => {
      const existing = await add(aNewBounce({ providerEventId: 'e-2' }));
      const ids = await bounces.addAll([
        aNewBounce({ providerEventId: 'e-1' }),
        aNewBounce({ providerEventId: 'e-2' }),
        aNewBounce({ email: 'b@example.com' }),
      ]);
      expect(ids).toEqual([expect.any(Number), null, expect.any(Number)]);
      const rows = await db.sql<{ id: string; email: string; provider_event_id: string | null }>(
        'select id, email, provider_event_id from bounces order by id',
      );
      expect(rows.map((row) => [Number(row.id), row.email, row.provider_event_id])).toEqual([
        [existing, 'a@example.com', 'e-2'],
        [ids[0], 'a@example.com', 'e-1'],
        [ids[2], 'b@example.com', null],
      ]);
    });

    it('stores a provider event once when its reports fall in different months, whichever month comes first', async () => {
      expect(await add(aNewBounce({ providerEventId: 'e-1', createdAt: new Date('2026-03-10T00:00:00Z') }))).toEqual(expect.any(Number));
      expect(await add(aNewBounce({ providerEventId: 'e-1', createdAt: new Date('2026-01-10T00:00:00Z') }))).toBeNull();
      expect(
        await bounces.addAll([aNewBounce({ providerEventId: 'e-2', createdAt: new Date('2025-12-31T23:59:59Z') }), aNewBounce({ providerEventId: 'e-2' })]),
      ).toEqual([expect.any(Number), null]);
      expect(await db.sql(`select provider_event_id, to_char(created_at at time zone 'UTC', 'YYYY-MM') as month from bounces order by 1`)).toEqual([
        { provider_event_id: 'e-1', month: '2026-03' },
        { provider_event_id: 'e-2', month: '2025-12' },
      ]);
    });

    it('stores a report again once its bounce was deleted, its dedupe key gone with it', async () => {
      const id = await add(aNewBounce({ providerEventId: 'e-1' }));
      await db.sql('delete from bounces where id = ?', [id]);
      expect(await bounces.recordedEvents([{ source: 'ses', providerEventId: 'e-1' }])).toEqual([]);
      expect(await add(aNewBounce({ providerEventId: 'e-1' }))).toEqual(expect.any(Number));
    });

    it('stores NUL characters of provider text as U+FFFD instead of failing', async () => {
      const id = await add(aNewBounce({ bounceSubtype: 'a\u0000b', diagnosticCode: 'x\u0000', rawPayload: { text: 'y\u0000' } }));
      expect(await db.sql('select bounce_subtype, diagnostic_code, raw_payload from bounces where id = ?', [id])).toEqual([
        { bounce_subtype: 'a\ufffdb', diagnostic_code: 'x\ufffd', raw_payload: { text: 'y\ufffd' } },
      ]);
    });

    it('finds which reports are already recorded', async () => {
      await add(aNewBounce({ providerEventId: 'e-1', source: 'ses' }));
      expect(
        await bounces.recordedEvents([
          { source: 'ses', providerEventId: 'e-1' },
          { source: 'mailgun', providerEventId: 'e-1' },
          { source: 'ses', providerEventId: 'e-2' },
        ]),
      ).toEqual([{ source: 'ses', providerEventId: 'e-1' }]);
    });

    it('knows which messages already soft-bounced for their address', async () => {
      await add(aNewBounce({ bounceType: 'soft', providerMessageId: 'm-1' }));
      await add(aNewBounce({ bounceType: 'hard', providerMessageId: 'm-2' }));
      expect(
        await bounces.softBouncedMessages([
          { email: 'a@example.com', providerMessageId: 'm-1' },
          { email: 'a@example.com', providerMessageId: 'm-2' },
          { email: 'b@example.com', providerMessageId: 'm-1' },
        ]),
      ).toEqual([{ email: 'a@example.com', providerMessageId: 'm-1' }]);
    });

    it('lists newest first, ties broken by id, with campaign and subscriber names and the exact total', async () => {
      const subscriberId = await subscriber('john@example.com', 'John Doe');
      await db.sql("insert into campaigns (id, name) values ('jan', 'January Newsletter')");
      const older = await add(aNewBounce({ createdAt: new Date('2026-01-01T00:00:00Z') }));
      const tieA = await add(aNewBounce({ email: 'john@example.com', subscriberId, campaignId: 'jan' }));
      const tieB = await add(aNewBounce({ campaignId: 'unknown-campaign' }));

      const page = await bounces.list({}, { limit: 2, offset: 0 });
      expect(page.total).toBe(3);
      expect(page.items.map((item) => item.id)).toEqual([tieB, tieA]);
      expect(page.items[1]).toMatchObject({
        campaignName: 'January Newsletter',
        subscriberName: 'John Doe',
        cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' },
        createdAt: new Date('2026-01-10T12:00:00Z'),
      });
      expect(page.items[0]).toMatchObject({ campaignName: null, subscriberName: null });
      expect((await bounces.list({}, { limit: 2, offset: 2 })).items.map((item) => item.id)).toEqual([older]);
    });

    it('keeps the listed total exact through concurrent batches, deletions and truncation, without counting rows', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, n) => bounces.addAll(Array.from({ length: 25 }, (_, m) => aNewBounce({ providerEventId: `b${n}-${m}` })))),
      );
      expect((await bounces.list({}, { limit: 1, offset: 0 })).total).toBe(200);
      await db.sql("delete from bounces where provider_event_id like 'b0-%'");
      expect((await bounces.list({}, { limit: 1, offset: 0 })).total).toBe(175);
      await db.sql('truncate bounces cascade');
      expect((await bounces.list({}, { limit: 1, offset: 0 })).total).toBe(0);
      await add(aNewBounce());
      expect((await bounces.list({}, { limit: 1, offset: 0 })).total).toBe(1);
    });

    describe('finding bounces', () => {
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 12, minute));
      let ids: Record<string, number>;

      beforeEach(async () => {
        const stored: [string, Partial<NewBounce>][] = [
          ['alice-jan', { email: 'alice@example.com', campaignId: 'jan', createdAt: at(1) }],
          ['bob-jan', { email: 'bob@gmail.com', bounceType: 'soft', campaignId: 'jan', source: 'sendgrid', createdAt: at(2) }],
          [
            'alice-feb',
            {
              email: 'alice@example.com',
              bounceType: 'complaint',
              cause: { reason: 'complaint', category: 'complaint', status: null, remoteMta: null },
              campaignId: 'feb',
              source: 'mailgun',
              createdAt: at(3),
            },
          ],
          [
            'carol',
            {
              email: 'carol@gmail.com',
              bounceType: 'soft',
              cause: { reason: 'mailbox_full', category: 'mailbox', status: '4.2.2', remoteMta: null },
              source: 'api',
              createdAt: at(4),
            },
          ],
          // A local part with an @ of its own, as a provider may report it: the domain follows the last @.
          ['quoted', { email: '"x@gmail.com"@example.org', createdAt: at(5) }],
        ];
        ids = {};
        for (const [name, overrides] of stored) ids[name] = (await add(aNewBounce(overrides))) as number;
      });

      it.each<[string, BounceFilter, string[]]>([
        ['no filter', {}, ['quoted', 'carol', 'alice-feb', 'bob-jan', 'alice-jan']],
        ['an address', { emails: ['alice@example.com'] }, ['alice-feb', 'alice-jan']],
        ['two addresses', { emails: ['alice@example.com', 'carol@gmail.com'] }, ['carol', 'alice-feb', 'alice-jan']],
        ['an address reported with an @ in its local part', { emails: ['"x@gmail.com"@example.org'] }, ['quoted']],
        ['a domain', { domains: ['gmail.com'] }, ['carol', 'bob-jan']],
        ['two domains', { domains: ['gmail.com', 'example.org'] }, ['quoted', 'carol', 'bob-jan']],
        ['a type', { bounceTypes: ['soft'] }, ['carol', 'bob-jan']],
        ['two types', { bounceTypes: ['soft', 'complaint'] }, ['carol', 'alice-feb', 'bob-jan']],
        ['a category', { categories: ['mailbox'] }, ['carol']],
        ['a reason', { reasons: ['user_unknown'] }, ['quoted', 'bob-jan', 'alice-jan']],
        ['a source', { sources: ['sendgrid', 'mailgun'] }, ['alice-feb', 'bob-jan']],
        ['a campaign', { campaignIds: ['jan'] }, ['bob-jan', 'alice-jan']],
        ['two campaigns', { campaignIds: ['jan', 'feb'] }, ['alice-feb', 'bob-jan', 'alice-jan']],
        ['a start, itself included', { from: at(3) }, ['quoted', 'carol', 'alice-feb']],
        ['an end, itself excluded', { to: at(3) }, ['bob-jan', 'alice-jan']],
        ['a campaign within a range', { campaignIds: ['jan', 'feb'], from: at(2), to: at(4) }, ['alice-feb', 'bob-jan']],
        ['a domain and a type', { domains: ['gmail.com'], bounceTypes: ['soft'], sources: ['api'] }, ['carol']],
        ['an address and a domain it is not of', { emails: ['alice@example.com'], domains: ['gmail.com'] }, []],
        ['a campaign no bounce has', { campaignIds: ['mar'] }, []],
      ])('keeps the bounces of %s, with their exact total', async (_case, filter, expected) => {
        const page = await bounces.list(filter, { limit: 20, offset: 0 });
        expect(page.items.map((item) => item.id)).toEqual(expected.map((name) => ids[name]));
        expect(page.total).toBe(expected.length);
        expect(page.next).toBeNull();
      });

      it('pages a filter by offset and after a position alike, with the total of the filter on every page', async () => {
        const filter: BounceFilter = { reasons: ['user_unknown', 'complaint'] };
        const first = await bounces.list(filter, { limit: 2, offset: 0 });
        expect(first).toMatchObject({ total: 4, limit: 2, offset: 0 });
        expect(first.items.map((item) => item.id)).toEqual([ids.quoted, ids['alice-feb']]);
        expect(first.next).toEqual(['2026-01-10T12:03:00.000000Z', ids['alice-feb']]);
        const second = await bounces.list(filter, { limit: 2, after: first.next ?? [] });
        expect(second).toMatchObject({ total: 4, limit: 2, offset: 0 });
        expect(second.items.map((item) => item.id)).toEqual([ids['bob-jan'], ids['alice-jan']]);
        expect(second.next).toBeNull();
        expect((await bounces.list(filter, { limit: 2, offset: 2 })).items).toEqual(second.items);
      });
    });

    it('finds the bounces of an address stored before it had a subscriber, while it had one, and after the subscriber was deleted', async () => {
      const before = (await add(aNewBounce({ email: 'john@example.com', createdAt: new Date('2026-01-01T00:00:00Z') }))) as number;
      const johnId = await subscriber('john@example.com');
      await db.sql("update bounces set subscriber_id = ? where email = 'john@example.com' and subscriber_id is null", [johnId]);
      const janeId = await subscriber('jane@example.com');
      const whileOwned = (await add(aNewBounce({ email: 'john@example.com', subscriberId: johnId, createdAt: new Date('2026-01-02T00:00:00Z') }))) as number;
      await add(aNewBounce({ email: 'jane@example.com', subscriberId: janeId, createdAt: new Date('2026-01-03T00:00:00Z') }));
      const john = async () => (await bounces.list({ emails: ['john@example.com'] }, { limit: 20, offset: 0 })).items.map((item) => item.id);
      expect(await john()).toEqual([whileOwned, before]);
      await db.sql('delete from subscribers where id = ?', [johnId]);
      expect(await john()).toEqual([whileOwned, before]);
      expect((await bounces.list({ emails: ['john@example.com', 'jane@example.com'] }, { limit: 20, offset: 0 })).total).toBe(3);
    });

    it('tells apart bounces a microsecond apart, and those of one instant by id, when paging after a position', async () => {
      await db.sql(
        `insert into bounces (email, bounce_type, source, created_at)
         values ('a@example.com', 'hard', 'api', '2026-01-10T12:00:00.000001Z'), ('b@example.com', 'hard', 'api', '2026-01-10T12:00:00.000002Z'),
                ('c@example.com', 'hard', 'api', '2026-01-10T12:00:00.000002Z'), ('d@example.com', 'hard', 'api', '2026-01-10T12:00:00.000003Z')`,
      );
      const seen: string[] = [];
      let page = await bounces.list({}, { limit: 1, offset: 0 });
      for (;;) {
        seen.push(...page.items.map((item) => item.email));
        if (page.next === null) break;
        page = await bounces.list({}, { limit: 1, after: page.next });
      }
      expect(seen).toEqual(['d@example.com', 'c@example.com', 'b@example.com', 'a@example.com']);
    });

    it('finds one bounce with what its report said and its raw event as stored, and nothing for an unknown id', async () => {
      await db.sql("insert into campaigns (id, name) values ('jan', 'January Newsletter')");
      const raw = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@example.com' }] } };
      const id = (await add(aNewBounce({ campaignId: 'jan', providerEventId: 'e-1', providerMessageId: 'm-1', rawPayload: raw }))) as number;
      expect(await bounces.findById(id)).toEqual({
        id,
        email: 'a@example.com',
        bounceType: 'hard',
        bounceSubtype: 'NoEmail',
        diagnosticCode: '550 5.1.1',
        cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' },
        source: 'ses',
        subscriberId: null,
        campaignId: 'jan',
        providerMessageId: 'm-1',
        providerEventId: 'e-1',
        createdAt: new Date('2026-01-10T12:00:00Z'),
        campaignName: 'January Newsletter',
        subscriberName: null,
        rawPayload: raw,
      });
      expect(await bounces.findById(id + 1)).toBeNull();
    });

    it("lists one subscriber's bounces only", async () => {
      const subscriberId = await subscriber('john@example.com');
      await add(aNewBounce());
      const mine = await add(aNewBounce({ email: 'john@example.com', subscriberId }));
      const page = await bounces.listBySubscriber(subscriberId, { limit: 20, offset: 0 });
      expect(page).toMatchObject({ total: 1, limit: 20, offset: 0 });
      expect(page.items.map((item) => item.id)).toEqual([mine]);
    });

    it('refuses to list a stored bounce of a source it does not know, naming the column', async () => {
      await db.sql("insert into bounces (email, bounce_type, source) values ('a@example.com', 'hard', 'carrier-pigeon')");
      await expect(bounces.list({}, { limit: 20, offset: 0 })).rejects.toThrow(
        new UnexpectedRowError('source', 'one of api, inbound, ses, mailgun, sendgrid, postmark, sparkpost, mailjet, brevo, resend', 'carrier-pigeon'),
      );
    });
  });

  describe('IngestDeliveryEvents on PostgreSQL', () => {
    const alice = EmailAddress.parse('alice@example.com');

    it('writes the bounce, the subscriber and the status change in one transaction', async () => {
      const id = await subscriber('alice@example.com', 'Alice');
      await ingestWith(3).execute([aHardBounce({ email: alice })]);
      const [row] = await db.sql('select status, consecutive_soft_bounces, last_bounce_at, status_changed_at from subscribers where id = ?', [id]);
      expect(row).toMatchObject({ status: 'bounced', last_bounce_at: expect.anything(), status_changed_at: expect.anything() });
      expect(await db.sql('select subscriber_id, previous_status, status, reason, actor from status_changes')).toEqual([
        { subscriber_id: String(id), previous_status: 'active', status: 'bounced', reason: 'hard-bounce', actor: null },
      ]);
    });

    it('rolls back the bounce when applying the policy fails', async () => {
      await subscriber('alice@example.com');
      await db.sql("alter table status_changes add constraint fail_for_test check (reason <> 'complaint')");
      try {
        await expect(ingestWith(3).execute([aComplaint({ email: alice })])).rejects.toThrow();
      } finally {
        await db.sql('alter table status_changes drop constraint fail_for_test');
      }
      expect(await db.sql('select * from bounces')).toEqual([]);
      expect(await db.sql("select status from subscribers where email = 'alice@example.com'")).toEqual([{ status: 'active' }]);
    });

    it('loses no count when 20 soft bounces of distinct messages for one address arrive at once', async () => {
      const id = await subscriber('alice@example.com');
      const ingest = ingestWith(100);
      await Promise.all(Array.from({ length: 20 }, (_, n) => ingest.execute([aSoftBounce({ email: alice, providerMessageId: `m-${n}` })])));
      expect(await db.sql('select status, consecutive_soft_bounces from subscribers where id = ?', [id])).toEqual([
        { status: 'active', consecutive_soft_bounces: 20 },
      ]);
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 20 }]);
    });

    it('crosses the threshold exactly once when 20 soft bounces race for one address', async () => {
      const id = await subscriber('alice@example.com');
      const notifier = new RecordingStatusChangeNotifier();
      const ingest = ingestWith(3, notifier);
      await Promise.all(Array.from({ length: 20 }, (_, n) => ingest.execute([aSoftBounce({ email: alice, providerMessageId: `m-${n}` })])));
      expect(await db.sql('select status, consecutive_soft_bounces from subscribers where id = ?', [id])).toEqual([
        { status: 'bounced', consecutive_soft_bounces: 3 },
      ]);
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 20 }]);
      expect(await db.sql('select reason from status_changes')).toEqual([{ reason: 'soft-bounce-threshold' }]);
      expect(notifier.published).toHaveLength(1);
    });

    it('counts concurrent soft bounces for an address with no subscriber on one address row', async () => {
      const ingest = ingestWith(100);
      await Promise.all(Array.from({ length: 20 }, (_, n) => ingest.execute([aSoftBounce({ email: alice, providerMessageId: `m-${n}` })])));
      expect(await db.sql('select email, status, consecutive_soft_bounces from address_states')).toEqual([
        { email: 'alice@example.com', status: 'active', consecutive_soft_bounces: 20 },
      ]);
    });

    it('stores one bounce and one effect when the same provider event arrives 20 times at once', async () => {
      await subscriber('alice@example.com');
      const ingest = ingestWith(3);
      const event = aSoftBounce({ email: alice, source: 'sendgrid', providerEventId: 'sg-1', providerMessageId: 'm-1' });
      const outcomes = (await Promise.all(Array.from({ length: 20 }, () => ingest.execute([event])))).flat();
      expect(outcomes.filter((outcome) => outcome.result === 'recorded')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.result === 'duplicate')).toHaveLength(19);
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await db.sql("select consecutive_soft_bounces from subscribers where email = 'alice@example.com'")).toEqual([{ consecutive_soft_bounces: 1 }]);
    });

    it('records a provider event id reused for two addresses once, even when both arrive at once', async () => {
      const ingest = ingestWith(3);
      const forAlice = aHardBounce({ email: alice, source: 'sendgrid', providerEventId: 'reused' });
      const forBob = aHardBounce({ email: EmailAddress.parse('bob@example.com'), source: 'sendgrid', providerEventId: 'reused' });
      const outcomes = (await Promise.all(Array.from({ length: 10 }, (_, n) => ingest.execute([n % 2 === 0 ? forAlice : forBob])))).flat();
      expect(outcomes.filter((outcome) => outcome.result === 'recorded')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.result === 'duplicate')).toHaveLength(9);
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 1 }]);
      expect(await db.sql('select count(*)::int as n from address_states')).toEqual([{ n: 1 }]);
    });

    it('does not deadlock when two batches name the same addresses in opposite orders', async () => {
      const ingest = ingestWith(100);
      const emails = Array.from({ length: 30 }, (_, n) => EmailAddress.parse(`user${n}@example.com`));
      const forward = emails.map((email, n) => aSoftBounce({ email, providerMessageId: `f-${n}` }));
      const backward = [...emails].reverse().map((email, n) => aSoftBounce({ email, providerMessageId: `b-${n}` }));
      await Promise.all([
        ingest.execute(forward),
        ingest.execute(backward),
        ingest.execute(forward.map((event) => ({ ...event, providerMessageId: `x-${event.providerMessageId}` }))),
      ]);
      expect(await db.sql('select count(*)::int as n from bounces')).toEqual([{ n: 90 }]);
      expect(await db.sql('select distinct consecutive_soft_bounces from address_states')).toEqual([{ consecutive_soft_bounces: 3 }]);
    });

    it('resets the run on a delivery for a subscriber and for a lone address', async () => {
      await subscriber('alice@example.com', null, 'active', 2);
      const bob = EmailAddress.parse('bob@example.com');
      const ingest = ingestWith(3);
      await ingest.execute([aSoftBounce({ email: bob })]);
      await ingest.execute([aDelivery({ email: alice }), aDelivery({ email: bob })]);
      expect(await db.sql("select consecutive_soft_bounces from subscribers where email = 'alice@example.com'")).toEqual([{ consecutive_soft_bounces: 0 }]);
      expect(await db.sql("select consecutive_soft_bounces from address_states where email = 'bob@example.com'")).toEqual([{ consecutive_soft_bounces: 0 }]);
    });
  });
});
