import request from 'supertest';
import { BouncesFacade } from '../libs/bounce-handling/src';
import { Clock } from '../libs/bounce-handling/src/shared/application/ports/clock.port';
import { EmailAddress } from '../libs/bounce-handling/src/shared/domain/email-address';
import { aSenderBlock, FixedClock } from '../libs/bounce-handling/src/testing';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

/** A receiving server's refusal of the sender: our IP on a block list. */
const BLOCKED = '550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org';
const T0 = new Date('2026-01-10T12:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 24 * 3600_000);

/** The host app with this environment, its clock at T0 and moved by the tests. */
function hostWith(env: Record<string, string>) {
  const clock = new FixedClock(new Date(T0));
  let testApp!: TestApp;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const host = {
    clock,
    sql: <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params),
    bounce: (body: Record<string, unknown>) => http().post('/api/v1/bounces').set(auth).send(body).expect(201),
    subscribe: (email: string) => http().post('/api/v1/subscribers').set(auth).send({ email }).expect(201),
    sendable: async (email: string) =>
      (
        await http()
          .post('/api/v1/suppressions/check')
          .set(auth)
          .send({ emails: [email] })
          .expect(200)
      ).body.data.results[0],
    subscriber: async (email: string) =>
      (
        await host.sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [
          email,
        ])
      )[0],
    ingest: () => testApp.app.get(BouncesFacade),
  };
  beforeAll(async () => {
    testApp = await createTestApp(env, { overrides: [[Clock, clock]] });
  });
  beforeEach(async () => {
    clock.current = new Date(T0);
    await host.sql(EMPTY_DATA_TABLES);
  });
  afterAll(async () => {
    await testApp.close();
  });
  return host;
}

describe('The policy’s settings and rules 11–13 through the host (e2e)', () => {
  describe('by default', () => {
    const host = hostWith({});

    it('POST /api/v1/bounces keeps the caller’s hard type when the diagnostic blames the sender: the address is suppressed', async () => {
      await host.subscribe('blocked@example.com');
      await host.bounce({ email: 'blocked@example.com', bounce_type: 'hard', diagnostic_code: BLOCKED });
      expect(await host.subscriber('blocked@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      expect(await host.sendable('blocked@example.com')).toEqual({ email: 'blocked@example.com', sendable: false, reason: 'bounced' });
      expect(await host.sql('select bounce_type, source from bounces')).toEqual([{ bounce_type: 'hard', source: 'api' }]);
    });

    it('POST /api/v1/bounces keeps the caller’s soft type when the diagnostic blames the sender: the soft bounce counts', async () => {
      await host.subscribe('busy@example.com');
      await host.bounce({ email: 'busy@example.com', bounce_type: 'soft', diagnostic_code: BLOCKED });
      expect(await host.subscriber('busy@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
    });

    it('records a provider’s refusal of the sender, even one it called hard, and leaves the address as it was', async () => {
      await host.subscribe('refused@example.com');
      const email = EmailAddress.parse('refused@example.com');
      const outcomes = await host
        .ingest()
        .ingest([aSenderBlock({ email, bounceType: 'hard', providerEventId: 'e1' }), aSenderBlock({ email, providerEventId: 'e2' })]);
      expect(outcomes.map((outcome) => outcome.result === 'recorded' && outcome.decision)).toEqual(['record-only', 'record-only']);
      expect(await host.subscriber('refused@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await host.sql('select bounce_type from bounces')).toEqual([{ bounce_type: 'soft' }, { bounce_type: 'soft' }]);
    });

    it('counts soft bounces however far apart, and keeps a suppression by the soft threshold for ever', async () => {
      await host.subscribe('far@example.com');
      for (const n of [0, 100, 200]) {
        host.clock.current = day(n);
        await host.bounce({ email: 'far@example.com', bounce_type: 'soft' });
      }
      expect(await host.subscriber('far@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 3 });
      host.clock.current = day(3650);
      expect(await host.sendable('far@example.com')).toMatchObject({ sendable: false, reason: 'bounced' });
    });
  });

  describe('with SENDER_BLOCKS_SUPPRESS, SOFT_BOUNCE_WINDOW_DAYS and SOFT_SUPPRESSION_EXPIRY_DAYS set', () => {
    const host = hostWith({ SOFT_BOUNCE_THRESHOLD: '2', SENDER_BLOCKS_SUPPRESS: 'true', SOFT_BOUNCE_WINDOW_DAYS: '7', SOFT_SUPPRESSION_EXPIRY_DAYS: '30' });

    it('SENDER_BLOCKS_SUPPRESS=true: a provider’s refusal of the sender counts as a soft bounce, never a hard one', async () => {
      await host.subscribe('refused@example.com');
      const email = EmailAddress.parse('refused@example.com');
      await host.ingest().ingest([aSenderBlock({ email, bounceType: 'hard', providerEventId: 'e1', providerMessageId: 'm1' })]);
      expect(await host.subscriber('refused@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
      await host.ingest().ingest([aSenderBlock({ email, providerEventId: 'e2', providerMessageId: 'm2' })]);
      expect(await host.subscriber('refused@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 2 });
      expect(await host.sql('select reason from status_changes')).toEqual([{ reason: 'soft-bounce-threshold' }]);
    });

    it('SOFT_BOUNCE_WINDOW_DAYS=7: soft bounces eight days apart never reach the threshold; two within seven days do', async () => {
      await host.subscribe('apart@example.com');
      for (const n of [0, 8, 16]) {
        host.clock.current = day(n);
        await host.bounce({ email: 'apart@example.com', bounce_type: 'soft' });
        expect(await host.subscriber('apart@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
      }
      host.clock.current = day(23);
      await host.bounce({ email: 'apart@example.com', bounce_type: 'soft' });
      expect(await host.subscriber('apart@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 2 });
    });

    it('SOFT_SUPPRESSION_EXPIRY_DAYS=30: an address suppressed by the soft threshold may be mailed 30 days later, and its next event records the lapse', async () => {
      await host.subscribe('full@example.com');
      await host.bounce({ email: 'full@example.com', bounce_type: 'soft' });
      await host.bounce({ email: 'full@example.com', bounce_type: 'soft' });
      await host.bounce({ email: 'lone-full@example.com', bounce_type: 'soft' });
      await host.bounce({ email: 'lone-full@example.com', bounce_type: 'soft' });
      await host.bounce({ email: 'hard@example.com', bounce_type: 'hard' });
      host.clock.current = new Date(day(30).getTime() - 1000);
      for (const email of ['full@example.com', 'lone-full@example.com', 'hard@example.com'])
        expect(await host.sendable(email)).toMatchObject({ sendable: false, reason: 'bounced' });

      host.clock.current = day(30);
      expect(await host.sendable('full@example.com')).toEqual({ email: 'full@example.com', sendable: true, reason: null });
      expect(await host.sendable('lone-full@example.com')).toMatchObject({ sendable: true });
      expect(await host.sendable('hard@example.com')).toMatchObject({ sendable: false, reason: 'bounced' });
      // Nothing is rewritten by the check: the stored status says bounced until the next event.
      expect(await host.subscriber('full@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 2 });

      host.clock.current = day(31);
      await host.bounce({ email: 'full@example.com', bounce_type: 'soft' });
      expect(await host.subscriber('full@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 1 });
      const changes = await host.sql<{ previous_status: string; status: string; reason: string; created_at: string }>(
        "select previous_status, status, reason, created_at from status_changes where email = 'full@example.com' order by id",
      );
      expect(changes.map(({ created_at, ...change }) => ({ ...change, at: new Date(created_at) }))).toEqual([
        { previous_status: 'active', status: 'bounced', reason: 'soft-bounce-threshold', at: T0 },
        { previous_status: 'bounced', status: 'active', reason: 'soft-suppression-expired', at: day(30) },
      ]);
    });
  });
});
