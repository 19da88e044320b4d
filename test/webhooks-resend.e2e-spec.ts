import request from 'supertest';
import { resendFixture } from '../libs/bounce-handling/src/webhooks/providers/resend/adapters/http/__fixtures__';
import { aResendSigningSecret, svixHeaders } from './support/resend-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

// The e2e project's testTimeout does not reach the tests (it is a global option in Jest 30).
jest.setTimeout(60_000);

const URL = '/api/v1/webhooks/resend';
type Event = Record<string, unknown>;

let sequence = 0;
/** A fresh Svix message id, as Svix gives each message (kept on its retries). */
const newSvixId = () => `msg_resend_e2e_${(sequence += 1)}`;

/** One of Resend's documented events, sent to `to`, its email id new unless said. */
function event(fixture: string, to: readonly string[], data: Event = {}): Event {
  const body = resendFixture(fixture);
  return { ...body, data: { ...(body.data as object), email_id: `email-${(sequence += 1)}`, to, ...data } };
}

describe('Resend webhook (e2e)', () => {
  const secret = aResendSigningSecret();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
  /** Posts `payload` byte for byte as Resend does, signed with `secret` as Svix message `id`. */
  const post = (payload: unknown, id = newSvixId(), headers: Record<string, string> = svixHeaders(secret, id, JSON.stringify(payload))) =>
    http().post(URL).set('Content-Type', 'application/json').set(headers).send(JSON.stringify(payload));
  const subscriber = async (email: string, consecutiveSoftBounces = 0) =>
    sql('insert into subscribers (email, name, consecutive_soft_bounces) values (?, ?, ?)', [email, `Name of ${email}`, consecutiveSoftBounces]);
  const stateOf = async (email: string) =>
    (await sql<{ status: string; consecutive_soft_bounces: number }>('select status, consecutive_soft_bounces from subscribers where email = ?', [email]))[0];
  const sendability = async (email: string) =>
    (
      await http()
        .post('/api/v1/suppressions/check')
        .set({ Authorization: `Bearer ${TEST_API_KEY}` })
        .send({ emails: [email] })
        .expect(200)
    ).body.data.results[0];
  const receipt = (received: number, recorded: number, duplicates: number, ignored: number) => ({
    success: true,
    data: { received, recorded, duplicates, ignored },
  });

  beforeAll(async () => {
    testApp = await createTestApp({ RESEND_WEBHOOK_SECRET: secret });
  });

  beforeEach(async () => {
    await sql(EMPTY_DATA_TABLES);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('accepted events', () => {
    it('stores a bounce with source resend, its subtype, diagnostic, ids, campaign and raw event, and answers with the counts', async () => {
      const payload = event('bounced-permanent-general-user-unknown', ['john@example.com'], { email_id: '56761188-7520-42d8-8898-ff6fc54ce618' });
      const response = await post(payload, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(receipt(1, 1, 0, 0));
      expect(
        await sql(
          'select email, bounce_type, bounce_subtype, diagnostic_code, source, campaign_id, provider_message_id, provider_event_id, raw_payload from bounces',
        ),
      ).toEqual([
        {
          email: 'john@example.com',
          bounce_type: 'hard',
          bounce_subtype: 'General',
          diagnostic_code: expect.stringMatching(/^smtp; 550 5\.1\.1 The email account that you tried to reach does not exist/),
          source: 'resend',
          campaign_id: 'nov-2026',
          provider_message_id: '56761188-7520-42d8-8898-ff6fc54ce618',
          provider_event_id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W:john@example.com',
          raw_payload: payload,
        },
      ]);
      expect(await stateOf('john@example.com')).toBeUndefined();
      expect(await sendability('john@example.com')).toEqual({ email: 'john@example.com', sendable: false, reason: 'bounced' });
    });

    it.each([
      ['email.bounced as Resend documents it (Permanent/Suppressed)', 'bounced-permanent-suppressed', 'hard', 'bounced'],
      ['email.bounced with only a message (5.1.1)', 'bounced-without-type-user-unknown', 'hard', 'bounced'],
      ['email.bounced Permanent/NoEmail', 'bounced-permanent-noemail', 'hard', 'bounced'],
      ['email.suppressed (Resend refused to send to an address on its suppression list)', 'suppressed', 'hard', 'bounced'],
      ['email.failed whose reason blames the address', 'failed-invalid-recipient', 'hard', 'bounced'],
      ['email.bounced Transient/MailboxFull', 'bounced-transient-mailbox-full', 'soft', 'active'],
      ['email.bounced with only a message saying the mailbox is over quota', 'bounced-without-type-mailbox-full', 'soft', 'active'],
      ['email.bounced Undetermined', 'bounced-undetermined', 'soft', 'active'],
    ])('records %s (%s) as a %s bounce, the subscriber then %s', async (_case, fixture, bounceType, status) => {
      await subscriber('jane@example.com');
      const response = await post(event(fixture, ['jane@example.com']));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(receipt(1, 1, 0, 0));
      expect(await sql('select bounce_type, source from bounces')).toEqual([{ bounce_type: bounceType, source: 'resend' }]);
      expect((await stateOf('jane@example.com')).status).toBe(status);
    });

    it.each(['sent', 'scheduled', 'delivery-delayed', 'opened', 'clicked', 'failed-daily-quota', 'contact-created', 'domain-updated'])(
      'acknowledges %s and stores nothing',
      async (fixture) => {
        await subscriber('delivered@resend.dev', 2);
        const response = await post(resendFixture(fixture));
        expect(response.status).toBe(200);
        expect(response.body).toEqual(receipt(1, 0, 0, 1));
        expect(await count('bounces')).toBe(0);
        expect(await stateOf('delivered@resend.dev')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });
      },
    );

    it('records one bounce per recipient of data.to, each under its own key, and a re-delivery of the message once', async () => {
      const payload = event('bounced-two-recipients-tags-array', ['First@Example.com', 'Second <second@example.com>']);
      const id = newSvixId();
      expect((await post(payload, id)).body).toEqual(receipt(2, 2, 0, 0));
      expect((await post(payload, id)).body).toEqual(receipt(2, 0, 2, 0));
      expect(await sql('select email, campaign_id, provider_event_id from bounces order by email')).toEqual([
        { email: 'first@example.com', campaign_id: 'nov-2026', provider_event_id: `${id}:first@example.com` },
        { email: 'second@example.com', campaign_id: 'nov-2026', provider_event_id: `${id}:second@example.com` },
      ]);
    });
  });

  describe('the policy', () => {
    it('counts transient bounces toward the threshold and resets the count on email.delivered', async () => {
      await subscriber('jane@example.com');
      for (const _ of [1, 2]) expect((await post(event('bounced-transient-mailbox-full', ['jane@example.com']))).status).toBe(200);
      expect(await stateOf('jane@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 2 });

      expect((await post(event('delivered', ['jane@example.com']))).body).toEqual(receipt(1, 0, 0, 1));
      expect(await stateOf('jane@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await count('bounces')).toBe(2);
    });

    it('unsubscribes on email.complained', async () => {
      await subscriber('angry@example.com');
      expect((await post(event('complained', ['angry@example.com']))).body).toEqual(receipt(1, 1, 0, 0));
      expect(await sql('select bounce_type from bounces')).toEqual([{ bounce_type: 'complaint' }]);
      expect((await stateOf('angry@example.com')).status).toBe('unsubscribed');
    });

    it('records a block of the sending IP that Resend called Permanent as a soft sender bounce, leaving the subscriber active and mailable; an unknown user then suppresses', async () => {
      await subscriber('reader@example.com');
      for (const _ of [1, 2, 3, 4]) expect((await post(event('bounced-permanent-sender-blocked', ['reader@example.com']))).body).toEqual(receipt(1, 1, 0, 0));
      expect(await stateOf('reader@example.com')).toEqual({ status: 'active', consecutive_soft_bounces: 0 });
      expect(await sendability('reader@example.com')).toEqual({ email: 'reader@example.com', sendable: true, reason: null });

      await post(event('bounced-permanent-general-user-unknown', ['reader@example.com']));
      expect(await sql('select bounce_type, count(*)::int as n from bounces group by bounce_type order by bounce_type')).toEqual([
        { bounce_type: 'hard', n: 1 },
        { bounce_type: 'soft', n: 4 },
      ]);
      expect((await stateOf('reader@example.com')).status).toBe('bounced');
    });
  });

  describe('signatures', () => {
    const payload = () => event('bounced-permanent-general-user-unknown', ['john@example.com']);
    const now = () => Date.now();

    it('accepts a header holding several signatures during a rotation when any of them matches', async () => {
      const body = payload();
      const id = newSvixId();
      const text = JSON.stringify(body);
      const ours = svixHeaders(secret, id, text);
      const theirs = svixHeaders(aResendSigningSecret(), id, text, new Date(Number(ours['svix-timestamp']) * 1000));
      const headers = { ...ours, 'svix-signature': `${theirs['svix-signature']} ${ours['svix-signature']}` };
      expect((await post(body, id, headers)).body).toEqual(receipt(1, 1, 0, 0));
    });

    it('accepts a timestamp 4 minutes old or ahead', async () => {
      for (const shift of [-4 * 60_000, 4 * 60_000]) {
        const body = payload();
        const id = newSvixId();
        expect((await post(body, id, svixHeaders(secret, id, JSON.stringify(body), new Date(now() + shift)))).status).toBe(200);
      }
    });

    it.each([
      ['no Svix headers', () => ({})],
      ['only signatures by another secret', (id: string, text: string) => svixHeaders(aResendSigningSecret(), id, text)],
      ['a signature over a timestamp 6 minutes old', (id: string, text: string) => svixHeaders(secret, id, text, new Date(now() - 6 * 60_000))],
      ['a signature over a timestamp 6 minutes ahead', (id: string, text: string) => svixHeaders(secret, id, text, new Date(now() + 6 * 60_000))],
      ['a signature for another svix-id', (id: string, text: string) => ({ ...svixHeaders(secret, `${id}-other`, text), 'svix-id': id })],
      ['a timestamp that is no number', (id: string, text: string) => ({ ...svixHeaders(secret, id, text), 'svix-timestamp': 'yesterday' })],
      [
        'a signature of another version',
        (id: string, text: string) => {
          const headers = svixHeaders(secret, id, text);
          return { ...headers, 'svix-signature': headers['svix-signature'].replace(/^v1,/, 'v1a,') };
        },
      ],
    ])('answers 401 to %s and stores nothing', async (_case, headersFor) => {
      const body = payload();
      const id = newSvixId();
      const response = await post(body, id, headersFor(id, JSON.stringify(body)) as Record<string, string>);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
      expect(await count('bounces')).toBe(0);
    });

    it('answers 401 to a signed body that was changed on the way, even by one space', async () => {
      const text = JSON.stringify(payload());
      const id = newSvixId();
      const headers = svixHeaders(secret, id, text);
      for (const changed of [text.replace('john@', 'jane@'), `${text} `]) {
        const response = await http().post(URL).set('Content-Type', 'application/json').set(headers).send(changed);
        expect(response.status).toBe(401);
      }
      expect(await count('bounces')).toBe(0);
    });

    it('verifies the bytes as sent, not a re-serialisation of them', async () => {
      const text = JSON.stringify(payload(), null, 2).replace('"type"', '"type" ');
      const id = newSvixId();
      const response = await http()
        .post(URL)
        .set('Content-Type', 'application/json; charset=utf-8')
        .set(svixHeaders(secret, id, text))
        .send(text);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(receipt(1, 1, 0, 0));
    });
  });

  describe('refusals of a signed body', () => {
    it.each([
      ['an array', [resendFixture('complained')]],
      ['an event with no type', { data: { to: ['john@example.com'] } }],
      ['an email event with no recipients', { type: 'email.bounced', data: { email_id: 'x', bounce: {} } }],
    ])('answers 400 to %s, storing nothing', async (_case, body) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
      expect(await count('bounces')).toBe(0);
    });
  });

  it('answers 413 to a body over 10 MB, before reading its signature', async () => {
    const response = await post({ ...resendFixture('opened'), pad: 'x'.repeat(11 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  describe('configuration', () => {
    it.each([
      ['Resend’s API key', 're_123456789_abcdefghijklmnopqrstuvwx'],
      ['a secret without its whsec_ prefix', secret.slice('whsec_'.length)],
      ['a secret cut short', secret.slice(0, -3)],
    ])('refuses to start with %s, naming RESEND_WEBHOOK_SECRET', async (_case, value) => {
      await expect(createTestApp({ RESEND_WEBHOOK_SECRET: value })).rejects.toThrow(/RESEND_WEBHOOK_SECRET must be the webhook's signing secret/);
    });

    it('answers 503 when the database is unavailable, so that Resend retries', async () => {
      const other = await createTestApp({ RESEND_WEBHOOK_SECRET: secret });
      try {
        await other.database.drop();
        const text = JSON.stringify(event('complained', ['john@example.com']));
        const response = await request(other.app.getHttpServer())
          .post(URL)
          .set('Content-Type', 'application/json')
          .set(svixHeaders(secret, newSvixId(), text))
          .send(text);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
      } finally {
        await other.app.close().catch(() => undefined);
      }
    });
  });

  it('is documented in Swagger with its body, headers and every answer', async () => {
    const document = (await http().get('/docs-json')).body;
    const operation = document.paths[URL].post;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    expect(operation.security).toBeUndefined();
    expect(operation.requestBody.content['application/json'].examples.bounce.value).toMatchObject({ type: 'email.bounced' });
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['svix-id', 'svix-timestamp', 'svix-signature']),
    );
  });
});
