import { Client as PgClient } from 'pg';
import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { EMPTY_DATA_TABLES } from '../../../../../../test/support/test-database';
import { type AddressState, NEW_ADDRESS_STATE } from '../../domain/address-state';
import { EmailAddress } from '../../domain/email-address';
import { PostgresTransactionRunner } from './postgres-transaction-runner.adapter';
import { pgQuery } from './pg-query';
import { PostgresAddressStateRepository } from './postgres-address-state-repository.adapter';

describe('PostgresAddressStateRepository on PostgreSQL', () => {
  let db: TestOrm;
  let addresses: PostgresAddressStateRepository;
  let transactions: PostgresTransactionRunner;

  const ALICE = 'alice@example.com';
  const jan10 = new Date('2026-01-10T12:00:00Z');
  const feb1 = new Date('2026-02-01T09:00:00Z');

  const insertSubscriber = async (email: string, fields: { status?: string; soft?: number; at?: Date | null } = {}): Promise<number> => {
    const [row] = await db.sql<{ id: string }>(
      'insert into subscribers (email, status, consecutive_soft_bounces, last_bounce_at, status_changed_at) values (?, ?, ?, ?, ?) returning id',
      [email, fields.status ?? 'active', fields.soft ?? 0, fields.at ?? null, fields.at ?? null],
    );
    return Number(row.id);
  };
  const insertAddressState = (email: string, status: string, soft = 0, at: Date | null = null) =>
    db.sql('insert into address_states (email, status, consecutive_soft_bounces, last_bounce_at, status_changed_at) values (?, ?, ?, ?, ?)', [
      email,
      status,
      soft,
      at,
      at,
    ]);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 25 });
    addresses = new PostgresAddressStateRepository(db.orm.em);
    transactions = new PostgresTransactionRunner(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await db.close();
  });

  describe('lockAll', () => {
    it('reads the state of subscribers and of lone addresses, and gives unknown ones a new state', async () => {
      const id = await insertSubscriber(ALICE, { soft: 2 });
      await insertAddressState('bob@example.com', 'bounced', 1);
      const locked = await transactions.run(() => addresses.lockAll([ALICE, 'bob@example.com', 'carol@example.com']));
      expect([...locked.values()]).toEqual([
        { email: ALICE, subscriberId: id, state: { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2 } },
        { email: 'bob@example.com', subscriberId: null, state: { ...NEW_ADDRESS_STATE, status: 'bounced', consecutiveSoftBounces: 1 } },
        { email: 'carol@example.com', subscriberId: null, state: NEW_ADDRESS_STATE },
      ]);
    });

    it('finds neither subscriber nor state for an address never seen', async () => {
      expect(await transactions.run(() => addresses.lockAll([ALICE]))).toEqual(
        new Map([[ALICE, { email: ALICE, subscriberId: null, state: NEW_ADDRESS_STATE }]]),
      );
    });

    it('finds the state an address gathered without a subscriber, its times included', async () => {
      await insertAddressState(ALICE, 'bounced', 1, jan10);
      expect((await transactions.run(() => addresses.lockAll([ALICE]))).get(ALICE)).toEqual({
        email: ALICE,
        subscriberId: null,
        state: { ...NEW_ADDRESS_STATE, status: 'bounced', consecutiveSoftBounces: 1, lastBounceAt: jan10, statusChangedAt: jan10 },
      });
    });

    it('finds the subscriber the address belongs to, and the state on it, its times included', async () => {
      const id = await insertSubscriber(ALICE, { status: 'unsubscribed', soft: 2, at: feb1 });
      expect((await transactions.run(() => addresses.lockAll([ALICE]))).get(ALICE)).toEqual({
        email: ALICE,
        subscriberId: id,
        state: { ...NEW_ADDRESS_STATE, status: 'unsubscribed', consecutiveSoftBounces: 2, lastBounceAt: feb1, statusChangedAt: feb1 },
      });
    });

    it.each([
      ['subscribers', 'a subscriber'],
      ['address_states', 'a lone address'],
    ])('reads the times of the run of soft bounces and what suppressed the address, on %s (%s)', async (table) => {
      await db.sql(
        `insert into ${table} (email, status, consecutive_soft_bounces, soft_bounce_times, suppressed_by, last_bounce_at, status_changed_at) values (?, 'bounced', 3, ?::timestamptz[], 'soft-bounce-threshold', ?, ?)`,
        [ALICE, `{${[jan10, jan10, feb1].map((at) => at.toISOString()).join(',')}}`, feb1, feb1],
      );
      const { state } = (await transactions.run(() => addresses.lockAll([ALICE]))).get(ALICE)!;
      expect(state).toEqual({
        status: 'bounced',
        consecutiveSoftBounces: 3,
        softBounceTimes: [jan10, jan10, feb1],
        suppressedBy: 'soft-bounce-threshold',
        lastBounceAt: feb1,
        statusChangedAt: feb1,
      });
    });

    it('makes a second locker of the address wait until the first transaction ends', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const events: string[] = [];
      const first = transactions.run(async () => {
        await addresses.lockAll([ALICE]);
        events.push('first locked');
        await held;
        events.push('first done');
      });
      await sleep(100);
      const second = transactions.run(async () => {
        await addresses.lockAll([ALICE]);
        events.push('second locked');
      });
      await sleep(200);
      const whileHeld = [...events];
      release();
      await Promise.all([first, second]);
      expect(whileHeld).toEqual(['first locked']);
      expect(events).toEqual(['first locked', 'first done', 'second locked']);
    });

    it('reads the state only once it holds the lock, so it sees what the holder committed', async () => {
      const id = await insertSubscriber(ALICE);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holder = transactions.run(async () => {
        await addresses.lockAll([ALICE]);
        await pgQuery(db.orm.em, "update subscribers set status = 'bounced' where id = ?", [id]);
        await held;
      });
      await sleep(100);
      const reader = transactions.run(() => addresses.lockAll([ALICE]));
      await sleep(100);
      release();
      await holder;
      expect((await reader).get(ALICE)?.state.status).toBe('bounced');
    });

    it('makes a second transaction locking an address wait for the first to commit', async () => {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = transactions.run(async () => {
        await addresses.lockAll([ALICE, 'bob@example.com']);
        order.push('first locked');
        await held;
        order.push('first commits');
      });
      await sleep(50);
      const second = transactions.run(async () => {
        await addresses.lockAll(['bob@example.com']);
        order.push('second locked');
      });
      await sleep(200);
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first locked', 'first commits', 'second locked']);
    });
  });

  describe('saveAll', () => {
    it('keeps the state of an address without subscriber on the address once saved', async () => {
      await transactions.run(async () => {
        const address = (await addresses.lockAll([ALICE])).get(ALICE)!;
        await addresses.saveAll(
          [
            {
              ...address,
              state: {
                ...NEW_ADDRESS_STATE,
                status: 'bounced',
                suppressedBy: 'hard-bounce',
                consecutiveSoftBounces: 1,
                softBounceTimes: [jan10],
                lastBounceAt: jan10,
                statusChangedAt: jan10,
              },
            },
          ],
          jan10,
        );
      });
      const [row] = await db.sql('select * from address_states');
      expect(row).toMatchObject({
        email: ALICE,
        status: 'bounced',
        suppressed_by: 'hard-bounce',
        consecutive_soft_bounces: 1,
        soft_bounce_times: [expect.any(String)],
      });
      expect(new Date((row.soft_bounce_times as string[])[0])).toEqual(jan10);
      expect([row.last_bounce_at, row.status_changed_at, row.created_at, row.updated_at].map((value) => new Date(value as string))).toEqual([
        jan10,
        jan10,
        jan10,
        jan10,
      ]);
    });

    it("saves a subscriber's status, run of soft bounces and time of status change, and keeps its last bounce time", async () => {
      const id = await insertSubscriber(ALICE, { status: 'bounced', soft: 3 });
      await db.sql('update subscribers set last_bounce_at = ? where id = ?', [jan10, id]);
      await transactions.run(async () => {
        const address = (await addresses.lockAll([ALICE])).get(ALICE)!;
        await addresses.saveAll([{ ...address, state: { ...address.state, status: 'active', consecutiveSoftBounces: 0, statusChangedAt: feb1 } }], feb1);
      });
      const [row] = await db.sql('select status, consecutive_soft_bounces, last_bounce_at, status_changed_at, updated_at from subscribers where id = ?', [id]);
      expect(row).toMatchObject({ status: 'active', consecutive_soft_bounces: 0 });
      expect([row.last_bounce_at, row.status_changed_at, row.updated_at].map((value) => new Date(value as string))).toEqual([jan10, feb1, feb1]);
    });

    it.each([
      ['a subscriber', true],
      ['a lone address', false],
    ])('saves what %s holds of the state and reads it back as it was saved', async (_where, withSubscriber) => {
      if (withSubscriber) await insertSubscriber(ALICE);
      const states: AddressState[] = [
        {
          status: 'active',
          consecutiveSoftBounces: 2,
          softBounceTimes: [jan10, new Date('2026-01-11T08:30:00.250Z')],
          suppressedBy: null,
          lastBounceAt: jan10,
          statusChangedAt: null,
        },
        {
          status: 'bounced',
          consecutiveSoftBounces: 3,
          softBounceTimes: [jan10, jan10, feb1],
          suppressedBy: 'soft-bounce-threshold',
          lastBounceAt: feb1,
          statusChangedAt: feb1,
        },
        { status: 'unsubscribed', consecutiveSoftBounces: 0, softBounceTimes: [], suppressedBy: 'complaint', lastBounceAt: feb1, statusChangedAt: feb1 },
      ];
      for (const state of states) {
        await transactions.run(async () => {
          const address = (await addresses.lockAll([ALICE])).get(ALICE)!;
          await addresses.saveAll([{ ...address, state }], feb1);
        });
        expect((await transactions.run(() => addresses.lockAll([ALICE]))).get(ALICE)?.state).toEqual(state);
      }
    });

    it.each(['subscribers', 'address_states'])('refuses on %s more times of soft bounces than the run counts', async (table) => {
      await expect(
        db.sql(`insert into ${table} (email, consecutive_soft_bounces, soft_bounce_times) values (?, 1, ?::timestamptz[])`, [
          ALICE,
          `{${jan10.toISOString()},${feb1.toISOString()}}`,
        ]),
      ).rejects.toThrow(/soft_bounce_times_check/);
    });

    it.each(['subscribers', 'address_states'])('refuses on %s a cause of suppression outside the vocabulary', async (table) => {
      await expect(db.sql(`insert into ${table} (email, status, suppressed_by) values (?, 'bounced', 'reactivation')`, [ALICE])).rejects.toThrow(
        /suppressed_by_check/,
      );
    });

    it('saves onto subscribers, and a state loaded and saved back keeps its last bounce time', async () => {
      const id = await insertSubscriber(ALICE);
      const save = (change: (state: AddressState) => AddressState, at: Date) =>
        transactions.run(async () => {
          const address = (await addresses.lockAll([ALICE])).get(ALICE)!;
          await addresses.saveAll([{ ...address, state: change(address.state) }], at);
        });
      await save((state) => ({ ...state, consecutiveSoftBounces: 1, lastBounceAt: jan10 }), jan10);
      await save((state) => ({ ...state, consecutiveSoftBounces: 0 }), new Date());
      const [row] = await db.sql('select * from subscribers where id = ?', [id]);
      expect(row).toMatchObject({ consecutive_soft_bounces: 0, status_changed_at: null });
      expect(new Date(row.last_bounce_at as string)).toEqual(jan10);
      expect(await db.sql('select * from address_states')).toEqual([]);
    });
  });

  describe('suppressedStatusesOf', () => {
    it('gives the status of suppressed subscribers and lone addresses, in one query, and nothing for active or unknown ones', async () => {
      await insertSubscriber('active@example.com');
      await insertSubscriber('bounced@example.com', { status: 'bounced' });
      await insertSubscriber('unsubscribed@example.com', { status: 'unsubscribed' });
      await insertAddressState('lone-bounced@example.com', 'bounced');
      await insertAddressState('lone-counting@example.com', 'active', 2);
      await insertAddressState("o'brien@example.ie", 'unsubscribed');
      // Every statement, through knex or not, is a `query` of a pg client: one round trip each.
      const queries = jest.spyOn(PgClient.prototype, 'query');
      try {
        const statuses = await addresses.suppressedStatusesOf(
          [
            'active@example.com',
            'bounced@example.com',
            'unsubscribed@example.com',
            'lone-bounced@example.com',
            'lone-counting@example.com',
            "o'brien@example.ie",
            'unknown@example.com',
          ].map(EmailAddress.parse),
          feb1,
          null,
        );
        expect(queries).toHaveBeenCalledTimes(1);
        expect(Object.fromEntries(statuses)).toEqual({
          'bounced@example.com': 'bounced',
          'unsubscribed@example.com': 'unsubscribed',
          'lone-bounced@example.com': 'bounced',
          "o'brien@example.ie": 'unsubscribed',
        });
      } finally {
        queries.mockRestore();
      }
    });

    it('answers a thousand addresses in one query', async () => {
      await insertSubscriber('user999@example.com', { status: 'bounced' });
      const statuses = await addresses.suppressedStatusesOf(
        Array.from({ length: 1000 }, (_, n) => EmailAddress.parse(`user${n}@example.com`)),
        feb1,
        7,
      );
      expect(Object.fromEntries(statuses)).toEqual({ 'user999@example.com': 'bounced' });
    });

    it('answers an empty question without asking the database', async () => {
      expect((await addresses.suppressedStatusesOf([], feb1, 7)).size).toBe(0);
    });

    describe('with suppressions by the soft threshold that lapse (docs/policy.md, rule 13)', () => {
      const day = (n: number) => new Date(jan10.getTime() + n * 24 * 3600_000);
      const EMAILS = [
        'full@example.com',
        'lone-full@example.com',
        'hard@example.com',
        'complained@example.com',
        'unknown-cause@example.com',
        'never-changed@example.com',
      ];

      beforeEach(async () => {
        const suppressed = (table: string, email: string, status: string, suppressedBy: string | null, changedAt: Date | null = jan10) =>
          db.sql(`insert into ${table} (email, status, consecutive_soft_bounces, suppressed_by, status_changed_at) values (?, ?, 3, ?, ?)`, [
            email,
            status,
            suppressedBy,
            changedAt,
          ]);
        await suppressed('subscribers', 'full@example.com', 'bounced', 'soft-bounce-threshold');
        await suppressed('address_states', 'lone-full@example.com', 'bounced', 'soft-bounce-threshold');
        await suppressed('subscribers', 'hard@example.com', 'bounced', 'hard-bounce');
        await suppressed('address_states', 'complained@example.com', 'unsubscribed', 'complaint');
        await suppressed('subscribers', 'unknown-cause@example.com', 'bounced', null);
        await suppressed('address_states', 'never-changed@example.com', 'bounced', 'soft-bounce-threshold', null);
      });

      const statusesAt = async (at: Date, expiryDays: number | null) =>
        Object.fromEntries(await addresses.suppressedStatusesOf(EMAILS.map(EmailAddress.parse), at, expiryDays));

      it('leaves out a suppression by the soft threshold N days after it, on a subscriber or an address alone, and no other', async () => {
        expect(await statusesAt(day(7), 7)).toEqual({
          'hard@example.com': 'bounced',
          'complained@example.com': 'unsubscribed',
          'unknown-cause@example.com': 'bounced',
          'never-changed@example.com': 'bounced',
        });
      });

      it('answers it suppressed a moment before N days, and when suppressions do not expire', async () => {
        const all = {
          'full@example.com': 'bounced',
          'lone-full@example.com': 'bounced',
          'hard@example.com': 'bounced',
          'complained@example.com': 'unsubscribed',
          'unknown-cause@example.com': 'bounced',
          'never-changed@example.com': 'bounced',
        };
        expect(await statusesAt(new Date(day(7).getTime() - 1), 7)).toEqual(all);
        expect(await statusesAt(day(4000), null)).toEqual(all);
      });

      it('rewrites nothing: the stored state stays as it was, and lock_address_states answers it so', async () => {
        await statusesAt(day(30), 7);
        expect(await db.sql("select status, suppressed_by from subscribers where email = 'full@example.com'")).toEqual([
          { status: 'bounced', suppressed_by: 'soft-bounce-threshold' },
        ]);
        const { state } = (await transactions.run(() => addresses.lockAll(['lone-full@example.com']))).get('lone-full@example.com')!;
        expect(state).toMatchObject({ status: 'bounced', suppressedBy: 'soft-bounce-threshold', statusChangedAt: jan10 });
      });
    });
  });
});
