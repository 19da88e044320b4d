import request from 'supertest';
import { type WebhookProvider, type WebhookRequest, WEBHOOK_PROVIDERS } from './support/webhook-providers';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// Each provider starts two apps on databases of their own: more than Jest's default 5 s under load.
jest.setTimeout(60_000);

/**
 * The promises every provider webhook makes (docs/providers.md, "What every webhook does";
 * docs/policy.md, rules 1, 2, 4 and 8), held for each provider described in
 * test/support/webhook-providers/. What is particular to one provider (its formats, its
 * classification, its signature's details) is in its own spec, test/webhooks-<provider>.e2e-spec.ts.
 */
describe.each(WEBHOOK_PROVIDERS.map((provider) => [provider.name, provider] as const))(
  '%s webhook, as every webhook (e2e)',
  (_name: string, provider: WebhookProvider) => {
    const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
    let testApp: TestApp;
    let unconfigured: TestApp;
    const http = () => request(testApp.app.getHttpServer());
    const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
    const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

    const send = (app: TestApp, post: WebhookRequest) =>
      request(app.app.getHttpServer())
        .post(provider.path)
        .set('Content-Type', post.contentType)
        .set({ ...post.headers })
        .send(post.body);
    const deliver = (post: WebhookRequest) => send(testApp, post);

    let sequence = 0;
    /** A provider event id no other test uses. */
    const newEventId = () => `conformance-${provider.name}-${(sequence += 1)}`;

    const subscribe = (email: string) => http().post('/api/v1/subscribers').set(auth).send({ email }).expect(201);
    const subscriberState = async (email: string) =>
      (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];
    /** What a sender is told about the address (docs/policy.md, rule 9). */
    const sendability = async (email: string) => {
      const response = await http()
        .post('/api/v1/suppressions/check')
        .set(auth)
        .send({ emails: [email] })
        .expect(200);
      return response.body.data.results[0] as { sendable: boolean; reason: string | null };
    };
    const expectNothingStored = async () => {
      expect(await count('bounces')).toBe(0);
      expect(await count('address_states')).toBe(0);
      expect(await count('status_changes')).toBe(0);
    };
    const receipt = (counts: { recorded?: number; duplicates?: number; ignored?: number }) => ({
      success: true,
      data: { received: 1, recorded: counts.recorded ?? 0, duplicates: counts.duplicates ?? 0, ignored: counts.ignored ?? 0 },
    });

    beforeAll(async () => {
      // Passport keeps one strategy per name for the whole process, so API keys are checked by
      // the app made last (and fail once it is closed): the app under test is made last.
      unconfigured = await createTestApp({}, { overrides: provider.overrides });
      testApp = await createTestApp(provider.env(), { overrides: provider.overrides });
    });

    beforeEach(async () => {
      await sql(EMPTY_DATA_TABLES);
    });

    afterAll(async () => {
      await testApp?.close();
      await unconfigured?.close();
      provider.dispose?.();
    });

    it(`answers 503 naming ${provider.requiredVariable} while it is not set, even to a correctly signed report, and stores nothing`, async () => {
      const response = await send(unconfigured, provider.signed(provider.hardBounce('john@example.com', newEventId())));
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        success: false,
        error: { code: 'NOT_CONFIGURED', message: expect.stringContaining(provider.requiredVariable), request_id: expect.any(String) },
      });
      expect(await unconfigured.sql('select count(*)::int as n from bounces')).toEqual([{ n: 0 }]);
    });

    it('answers 401 to a wrong signature and stores nothing', async () => {
      await subscribe('john@example.com');
      const response = await deliver(provider.wronglySigned(provider.hardBounce('john@example.com', newEventId())));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      await expectNothingStored();
      expect(await subscriberState('john@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
    });

    describe('reports', () => {
      it('records a hard bounce with its provider as source and suppresses the address, with a subscriber or without', async () => {
        await subscribe('known@example.com');
        for (const email of ['known@example.com', 'stranger@example.com']) {
          const response = await deliver(provider.signed(provider.hardBounce(email, newEventId())));
          expect(response.status).toBe(200);
          expect(response.body).toEqual(receipt({ recorded: 1 }));
        }
        expect(await sql('select email, bounce_type, source from bounces order by email')).toEqual([
          { email: 'known@example.com', bounce_type: 'hard', source: provider.name },
          { email: 'stranger@example.com', bounce_type: 'hard', source: provider.name },
        ]);
        expect(await subscriberState('known@example.com')).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
        expect(await sendability('known@example.com')).toEqual({ email: 'known@example.com', sendable: false, reason: 'bounced' });
        expect(await sendability('stranger@example.com')).toEqual({ email: 'stranger@example.com', sendable: false, reason: 'bounced' });
      });

      it('records a complaint and unsubscribes the address', async () => {
        await subscribe('angry@example.com');
        const response = await deliver(provider.signed(provider.complaint('angry@example.com', newEventId())));
        expect(response.status).toBe(200);
        expect(response.body).toEqual(receipt({ recorded: 1 }));
        expect(await sql('select email, bounce_type, source from bounces')).toEqual([
          { email: 'angry@example.com', bounce_type: 'complaint', source: provider.name },
        ]);
        expect((await subscriberState('angry@example.com')).status).toBe('unsubscribed');
        expect(await sendability('angry@example.com')).toEqual({ email: 'angry@example.com', sendable: false, reason: 'unsubscribed' });
      });

      it('resets the consecutive soft-bounce count on a delivery, storing no bounce and changing no status', async () => {
        // Two soft bounces counted before (how a provider reports one is its own spec's matter).
        await sql("insert into subscribers (email, consecutive_soft_bounces) values ('back@example.com', 2)");
        const response = await deliver(provider.signed(provider.delivery('back@example.com', newEventId())));
        expect(response.status).toBe(200);
        expect(response.body).toEqual(receipt({ ignored: 1 }));
        expect(await subscriberState('back@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
        expect(await count('bounces')).toBe(0);
        expect(await count('status_changes')).toBe(0);
      });
    });

    describe('re-deliveries', () => {
      it('records a report re-delivered with the same event id once, answering 2xx both times, and one with another id as a new report', async () => {
        await subscribe('john@example.com');
        const eventId = newEventId();
        const first = await deliver(provider.signed(provider.hardBounce('john@example.com', eventId)));
        const again = await deliver(provider.signed(provider.hardBounce('john@example.com', eventId)));
        expect([first.status, again.status]).toEqual([200, 200]);
        expect([first.body, again.body]).toEqual([receipt({ recorded: 1 }), receipt({ duplicates: 1 })]);
        expect(await count('bounces')).toBe(1);
        expect(await count('status_changes')).toBe(1);

        // The key is the provider's event id, not the address: another report about it is kept.
        const another = await deliver(provider.signed(provider.hardBounce('john@example.com', newEventId())));
        expect(another.body).toEqual(receipt({ recorded: 1 }));
        expect(await count('bounces')).toBe(2);
        expect(await count('status_changes')).toBe(1);
      });

      it('records a report delivered 5 times at once once, answering 2xx every time', async () => {
        const post = provider.signed(provider.complaint('angry@example.com', newEventId()));
        const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(post)));
        expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
        expect(responses.map((response) => response.body.data.recorded).sort()).toEqual([0, 0, 0, 0, 1]);
        expect(await count('bounces')).toBe(1);
        expect(await count('status_changes')).toBe(1);
      });
    });

    describe('2xx only after the commit', () => {
      // A deferred constraint trigger runs at COMMIT, after every statement of the transaction
      // succeeded: a webhook that answered before its commit (or without waiting for it) would
      // answer this report 2xx. Installed on this provider's own test database only.
      const DOOMED = 'doomed@example.com';

      beforeEach(async () => {
        await sql(`create or replace function conformance_fail_at_commit() returns trigger language plpgsql as $$
        begin
          if new.email = '${DOOMED}' then raise exception 'conformance test: this commit fails'; end if;
          return null;
        end $$`);
        await sql(`create constraint trigger conformance_fail_at_commit after insert on bounces
        deferrable initially deferred for each row execute function conformance_fail_at_commit()`);
      });

      afterEach(async () => {
        await sql('drop trigger if exists conformance_fail_at_commit on bounces');
        await sql('drop function if exists conformance_fail_at_commit()');
      });

      it('answers 5xx, never 2xx, to a report whose transaction fails at COMMIT, and keeps nothing of it; other reports and the retry are then accepted', async () => {
        await subscribe(DOOMED);
        const eventId = newEventId();
        const failed = await deliver(provider.signed(provider.hardBounce(DOOMED, eventId)));
        expect(failed.status).toBeGreaterThanOrEqual(500);
        expect(failed.status).toBeLessThan(600);
        expect(failed.body).toMatchObject({ success: false, error: { code: expect.any(String) } });
        await expectNothingStored();
        expect(await subscriberState(DOOMED)).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
        expect((await sendability(DOOMED)).sendable).toBe(true);

        const other = await deliver(provider.signed(provider.hardBounce('other@example.com', newEventId())));
        expect(other.status).toBe(200);
        expect(await sql('select email from bounces')).toEqual([{ email: 'other@example.com' }]);

        // The provider retries what was not acknowledged: once the commit can succeed, it is stored.
        await sql('drop trigger conformance_fail_at_commit on bounces');
        const retried = await deliver(provider.signed(provider.hardBounce(DOOMED, eventId)));
        expect(retried.status).toBe(200);
        expect(retried.body).toEqual(receipt({ recorded: 1 }));
        expect(await subscriberState(DOOMED)).toEqual({ status: 'bounced', consecutive_soft_bounces: 0 });
      });
    });

    describe('hostile bodies', () => {
      const HUGE = 512 * 1024;

      it.each([
        ['that is not JSON', '[{"email": "john@example.com", '],
        ['that is empty', ''],
        ['that is a number', '42'],
        ['that is a JSON string', '"bounce"'],
        ['that is null', 'null'],
        ['of another shape', '{"unexpected": true, "email": "john@example.com"}'],
        ['of another shape holding a 512 KB string', JSON.stringify({ unexpected: 'x'.repeat(HUGE) })],
      ])('answers 4xx (not 401: the body is read) to a body %s, and stores nothing', async (_case, body) => {
        const response = await deliver(provider.signedBody(body));
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.status).not.toBe(401);
        expect(response.body).toMatchObject({ success: false, error: { code: expect.any(String) } });
        await expectNothingStored();
      });

      // docs/providers.md, "Addresses as reported": a value that cannot be an address is skipped
      // (the report is acknowledged, so that the provider does not retry it for hours).
      it('never answers 5xx to a correctly signed report whose address is a 512 KB string, and stores nothing', async () => {
        const response = await deliver(provider.signed(provider.hardBounce(`${'x'.repeat(HUGE)}@example.com`, newEventId())));
        expect(response.status).toBeLessThan(500);
        await expectNothingStored();
      });

      it('records a correctly signed report carrying a 512 KB unknown field once, keeping an excerpt of its raw event', async () => {
        const response = await deliver(provider.signed({ ...provider.hardBounce('john@example.com', newEventId()), padding: 'x'.repeat(HUGE) }));
        expect(response.status).toBe(200);
        expect(response.body).toEqual(receipt({ recorded: 1 }));
        expect(await sql("select email, raw_payload->>'truncated' as truncated, octet_length(raw_payload::text) <= 16384 as bounded from bounces")).toEqual([
          { email: 'john@example.com', truncated: 'true', bounded: true },
        ]);
      });
    });
  },
);
