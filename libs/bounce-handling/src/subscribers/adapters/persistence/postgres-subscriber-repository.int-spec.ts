import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { BounceHandlingRules } from '../../../bounces/application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../../../bounces/application/ingest-delivery-events.use-case';
import { PostgresBounceRepository } from '../../../bounces/adapters/persistence/postgres-bounce-repository.adapter';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresStatusChangeLog } from '../../../shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import { PostgresAddressStateRepository } from '../../../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { SystemClock } from '../../../shared/adapters/system-clock.adapter';
import { NEW_ADDRESS_STATE } from '../../../shared/domain/address-state';
import { EmailAddress } from '../../../shared/domain/email-address';
import {
  aHardBounce,
  FixedClock,
  InMemoryAllowList,
  RecordingDeliveryStatistics,
  RecordingIngestionMetrics,
  RecordingStatusChangeNotifier,
} from '../../../testing';
import { CreateSubscriber } from '../../application/create-subscriber.use-case';
import { ReactivateSubscriber } from '../../application/reactivate-subscriber.use-case';
import { Subscriber } from '../../domain/subscriber';
import { SubscriberAlreadyExistsError, SubscriberNotFoundError } from '../../domain/subscriber.errors';
import { PostgresSubscriberRepository } from './postgres-subscriber-repository.adapter';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';

describe('subscribers persistence on PostgreSQL', () => {
  let db: TestOrm;
  let subscribers: PostgresSubscriberRepository;
  let addresses: PostgresAddressStateRepository;
  let transactions: PostgresTransactionRunner;

  const alice = EmailAddress.parse('alice@example.com');
  const jan10 = new Date('2026-01-10T12:00:00Z');
  const feb1 = new Date('2026-02-01T09:00:00Z');

  const insertSubscriber = async (email: string, fields: { name?: string | null; status?: string; soft?: number } = {}): Promise<number> => {
    const [row] = await db.sql<{ id: string }>('insert into subscribers (email, name, status, consecutive_soft_bounces) values (?, ?, ?, ?) returning id', [
      email,
      fields.name ?? null,
      fields.status ?? 'active',
      fields.soft ?? 0,
    ]);
    return Number(row.id);
  };
  const insertAddressState = (email: string, status: string, soft = 0, at: Date | null = jan10) =>
    db.sql('insert into address_states (email, status, consecutive_soft_bounces, last_bounce_at, status_changed_at) values (?, ?, ?, ?, ?)', [
      email,
      status,
      soft,
      at,
      at,
    ]);
  const insertBounce = async (email: string, subscriberId: number | null = null): Promise<number> => {
    const [row] = await db.sql<{ id: string }>("insert into bounces (email, bounce_type, source, subscriber_id) values (?, 'hard', 'api', ?) returning id", [
      email,
      subscriberId,
    ]);
    return Number(row.id);
  };

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 25 });
    subscribers = new PostgresSubscriberRepository(db.orm.em);
    addresses = new PostgresAddressStateRepository(db.orm.em);
    transactions = new PostgresTransactionRunner(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await db.close();
  });

  describe('PostgresSubscriberRepository', () => {
    describe('add', () => {
      it('adds a subscriber of a new address, active, with the given creation time', async () => {
        const added = await transactions.run(() => subscribers.add({ email: alice, name: 'Alice' }, NEW_ADDRESS_STATE, feb1));
        expect(added).toEqual(new Subscriber(added.id, 'alice@example.com', 'Alice', NEW_ADDRESS_STATE, feb1));
        expect(added.id).toBeGreaterThan(0);
        expect(await subscribers.findById(added.id)).toEqual(added);
      });

      it('moves the address’s state onto the new subscriber and deletes the address’s own row', async () => {
        await insertAddressState('alice@example.com', 'bounced', 1);
        const added = await transactions.run(async () => {
          const { state } = (await addresses.lockAll([alice.value])).get(alice.value)!;
          return subscribers.add({ email: alice, name: null }, state, feb1);
        });
        expect(added).toMatchObject({ status: 'bounced', consecutiveSoftBounces: 1, lastBounceAt: jan10, statusChangedAt: jan10, createdAt: feb1 });
        expect(await db.sql('select status, consecutive_soft_bounces from subscribers where id = ?', [added.id])).toEqual([
          { status: 'bounced', consecutive_soft_bounces: 1 },
        ]);
        expect(await db.sql('select * from address_states')).toEqual([]);
      });

      it('takes over every part of the address’s state: the times of its run of soft bounces and what suppressed it too', async () => {
        await insertAddressState('alice@example.com', 'bounced', 2);
        await db.sql("update address_states set soft_bounce_times = array[?::timestamptz, ?::timestamptz], suppressed_by = 'soft-bounce-threshold'", [
          jan10,
          feb1,
        ]);
        const { state, added } = await transactions.run(async () => {
          const { state } = (await addresses.lockAll([alice.value])).get(alice.value)!;
          return { state, added: await subscribers.add({ email: alice, name: null }, state, feb1) };
        });
        expect(state).toMatchObject({ softBounceTimes: [jan10, feb1], suppressedBy: 'soft-bounce-threshold' });
        expect(added.state).toEqual(state);
        expect(await subscribers.findById(added.id)).toEqual(added);
      });

      it('makes the address’s past bounces and status changes the subscriber’s, and no one else’s', async () => {
        const bob = await insertSubscriber('bob@example.com');
        const lone = await insertBounce('alice@example.com');
        const bobs = await insertBounce('bob@example.com', bob);
        const other = await insertBounce('carol@example.com');
        await db.sql(
          "insert into status_changes (email, previous_status, status, reason) values ('alice@example.com', 'active', 'bounced', 'hard-bounce'), ('carol@example.com', 'active', 'bounced', 'hard-bounce')",
        );
        const added = await transactions.run(() => subscribers.add({ email: alice, name: null }, NEW_ADDRESS_STATE, feb1));
        const owners = await db.sql<{ id: string; subscriber_id: string | null }>('select id, subscriber_id from bounces order by id');
        expect(owners).toEqual([
          { id: String(lone), subscriber_id: String(added.id) },
          { id: String(bobs), subscriber_id: String(bob) },
          { id: String(other), subscriber_id: null },
        ]);
        expect(await db.sql('select email, subscriber_id from status_changes order by email')).toEqual([
          { email: 'alice@example.com', subscriber_id: String(added.id) },
          { email: 'carol@example.com', subscriber_id: null },
        ]);
      });
    });

    it('finds a subscriber by id with every field, and nothing for an unknown id', async () => {
      const id = await insertSubscriber('alice@example.com', { name: 'Alice', status: 'bounced', soft: 1 });
      await db.sql("update subscribers set last_bounce_at = ?, status_changed_at = ?, created_at = '2025-12-01T00:00:00Z' where id = ?", [jan10, jan10, id]);
      expect(await subscribers.findById(id)).toEqual(
        new Subscriber(
          id,
          'alice@example.com',
          'Alice',
          { ...NEW_ADDRESS_STATE, status: 'bounced', consecutiveSoftBounces: 1, lastBounceAt: jan10, statusChangedAt: jan10 },
          new Date('2025-12-01T00:00:00Z'),
        ),
      );
      expect(await subscribers.findById(id + 1)).toBeNull();
    });

    describe('list', () => {
      it('lists newest first, by page, with the exact total', async () => {
        const ids = [];
        for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']) ids.push(await insertSubscriber(email));
        const first = await subscribers.list({}, { limit: 3, offset: 0 });
        expect(first.items.map((subscriber) => subscriber.id)).toEqual([ids[3], ids[2], ids[1]]);
        expect(first).toMatchObject({ total: 4, limit: 3, offset: 0 });
        expect((await subscribers.list({}, { limit: 3, offset: 3 })).items.map((subscriber) => subscriber.id)).toEqual([ids[0]]);
      });

      it('lists the subscribers of one status, with their total', async () => {
        const bounced = await insertSubscriber('a@example.com', { status: 'bounced' });
        await insertSubscriber('b@example.com', { status: 'active' });
        const later = await insertSubscriber('c@example.com', { status: 'bounced' });
        const page = await subscribers.list({ status: 'bounced' }, { limit: 20, offset: 0 });
        expect(page.items.map((subscriber) => subscriber.id)).toEqual([later, bounced]);
        expect(page.total).toBe(2);
        expect((await subscribers.list({ status: 'unsubscribed' }, { limit: 20, offset: 0 })).total).toBe(0);
      });
    });
  });

  describe('use cases on PostgreSQL', () => {
    const ingest = () =>
      new IngestDeliveryEvents(
        transactions,
        addresses,
        new PostgresBounceRepository(db.orm.em),
        new PostgresStatusChangeLog(db.orm.em),
        new RecordingStatusChangeNotifier(),
        new BounceHandlingRules(3),
        new SystemClock(),
        new InMemoryAllowList(),
        new PostgresOutbox(db.orm.em),
        new RecordingDeliveryStatistics(),
        new RecordingIngestionMetrics(),
      );
    const createSubscriber = () => new CreateSubscriber(transactions, addresses, subscribers, new SystemClock());
    const reactivateWith = (notifier = new RecordingStatusChangeNotifier()) =>
      new ReactivateSubscriber(
        transactions,
        addresses,
        subscribers,
        new PostgresStatusChangeLog(db.orm.em),
        notifier,
        new FixedClock(feb1),
        new PostgresOutbox(db.orm.em),
      );

    it('re-activation writes the subscriber and a status_changes row with its reason and actor', async () => {
      const id = await insertSubscriber('alice@example.com', { status: 'bounced', soft: 3 });
      const notifier = new RecordingStatusChangeNotifier();
      await reactivateWith(notifier).execute({ subscriberId: id, actor: 'ops-console' });
      expect(await db.sql('select status, consecutive_soft_bounces from subscribers where id = ?', [id])).toEqual([
        { status: 'active', consecutive_soft_bounces: 0 },
      ]);
      const changes = await db.sql('select email, subscriber_id, previous_status, status, reason, bounce_id, actor, created_at from status_changes');
      expect(changes).toEqual([
        {
          email: 'alice@example.com',
          subscriber_id: String(id),
          previous_status: 'bounced',
          status: 'active',
          reason: 'reactivation',
          bounce_id: null,
          actor: 'ops-console',
          created_at: expect.anything(),
        },
      ]);
      expect(new Date(changes[0].created_at as string)).toEqual(feb1);
      expect(notifier.published).toMatchObject([{ subscriberId: id, reason: 'reactivation' }]);
    });

    it('re-activation of an unknown subscriber fails with not found and writes nothing', async () => {
      await expect(reactivateWith().execute({ subscriberId: 42, actor: 'ops-console' })).rejects.toThrow(SubscriberNotFoundError);
      expect(await db.sql('select * from status_changes')).toEqual([]);
    });

    it('creates one subscriber when ten requests for one address race, and refuses the others', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, n) => createSubscriber().execute({ email: 'alice@example.com', name: `Alice ${n}` })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refusals = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refusals).toHaveLength(9);
      for (const refusal of refusals) expect(refusal.reason).toBeInstanceOf(SubscriberAlreadyExistsError);
      expect(await db.sql('select count(*)::int as n from subscribers')).toEqual([{ n: 1 }]);
    });

    it('loses no hard bounce that races the creation of its subscriber', async () => {
      const emails = Array.from({ length: 15 }, (_, n) => `racer${n}@example.com`);
      await Promise.all(
        emails.flatMap((email) => [ingest().execute([aHardBounce({ email: EmailAddress.parse(email) })]), createSubscriber().execute({ email, name: null })]),
      );
      expect(await db.sql("select count(*)::int as n from subscribers where status = 'bounced'")).toEqual([{ n: 15 }]);
      expect(await db.sql('select * from address_states')).toEqual([]);
      expect(await db.sql('select count(*)::int as n from bounces where subscriber_id is null')).toEqual([{ n: 0 }]);
    });
  });
});
