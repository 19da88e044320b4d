import request from 'supertest';
import { BounceHandlingEvents, type CampaignAlertEvent, StatisticsFacade } from '../libs/bounce-handling/src';
import { EndpointHostResolver } from '../libs/bounce-handling/src/outbound-webhooks/application/ports/endpoint-host-resolver.port';
import { sendgrid } from './support/webhook-providers/sendgrid';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';
import { EMPTY_DATA_TABLES } from './support/test-database';

jest.setTimeout(60_000);

/** Every endpoint's host is public, without the network. */
class PublicResolver extends EndpointHostResolver {
  async addressesOf(): Promise<readonly string[]> {
    return ['93.184.216.34'];
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Statistics end to end (docs/statistics.md): sends counted through the API and the facade,
 * reports through a provider's webhook and the API, read back by every grouping and interval;
 * a campaign's health, and one alert per crossing into a worse status.
 */
describe('Statistics API (e2e)', () => {
  let testApp: TestApp;
  let alerts: CampaignAlertEvent[];
  let stopListening: () => void;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => testApp.sql<T>(query, params);
  const sends = (body: object) => http().post('/api/v1/sends').set(auth).send(body);
  const stats = (query: Record<string, string>) => http().get('/api/v1/stats/bounces').query(query).set(auth);
  const health = (id: string, query: Record<string, string> = {}) => http().get(`/api/v1/campaigns/${id}/health`).query(query).set(auth);
  const bounce = (email: string, bounceType: string, campaignId: string) =>
    http().post('/api/v1/bounces').set(auth).send({ email, bounce_type: bounceType, campaign_id: campaignId }).expect(201);
  /** SendGrid events in one signed batch. */
  const webhook = async (events: object[]) => {
    const post = sendgrid.signedBody(JSON.stringify(events));
    await http()
      .post(sendgrid.path)
      .set('Content-Type', post.contentType)
      .set({ ...post.headers })
      .send(post.body)
      .expect(200);
  };
  let n = 0;
  const event = (kind: 'hardBounce' | 'complaint' | 'delivery', email: string, campaignId: string) => ({
    ...sendgrid[kind](email, `stats-${(n += 1)}`),
    campaign_id: campaignId,
  });
  const addresses = (count: number, domain: string, prefix = 'user') => Array.from({ length: count }, (_, i) => `${prefix}${i}@${domain}`);

  beforeAll(async () => {
    testApp = await createTestApp({ ...sendgrid.env() }, { overrides: [[EndpointHostResolver, new PublicResolver()]] });
  });

  beforeEach(async () => {
    await sql(`${EMPTY_DATA_TABLES}; truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade`);
    alerts = [];
    stopListening = testApp.app.get(BounceHandlingEvents).onAlert((alert) => void alerts.push(alert));
  });

  afterEach(() => stopListening());

  afterAll(async () => {
    await testApp.close();
  });

  describe('POST /api/v1/sends', () => {
    it('counts the addresses sent, skips and counts the entries that are no address', async () => {
      const response = await sends({ campaign_id: 'spring', emails: ['a@example.com', ' B@Example.com', 'not an address', 'c@example.org'] });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ success: true, data: { counted: 3, invalid: 1 } });
      const day = await stats({ interval: 'day', group_by: 'domain' }).expect(200);
      expect(day.body.data.buckets.map((b: { group: string; sent: number }) => [b.group, b.sent])).toEqual([
        ['example.com', 2],
        ['example.org', 1],
      ]);
    });

    it.each([
      ['no emails', { campaign_id: 'x' }, 'emails'],
      ['an empty list', { emails: [] }, 'emails'],
      ['10,001 addresses', { emails: addresses(10_001, 'example.com') }, 'emails'],
      ['a number among the emails', { emails: ['a@example.com', 42] }, 'emails'],
      ['a campaign id that is none', { campaign_id: 'has space', emails: ['a@example.com'] }, 'campaign_id'],
      ['an unknown field', { emails: ['a@example.com'], extra: 1 }, 'extra'],
    ])('answers 400 naming the field, counting nothing, for %s', async (_case, body, field) => {
      const response = await sends(body);
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await sql('select count(*)::int as n from delivery_statistics')).toEqual([{ n: 0 }]);
    });

    it('takes 10,000 long addresses in one request', async () => {
      const long = addresses(10_000, `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.example.com`);
      const response = await sends({ emails: long });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ counted: 10_000, invalid: 0 });
    });

    it('counts in-process through the facade as through the API', async () => {
      await testApp.app.get(StatisticsFacade).countSends({ campaignId: 7, emails: ['a@example.com', 'b@example.com'] });
      const response = await health('7').expect(200);
      expect(response.body.data).toMatchObject({ campaign_id: '7', sent: 2, status: 'ok' });
    });
  });

  describe('GET /api/v1/stats/bounces', () => {
    beforeEach(async () => {
      await sends({ campaign_id: 'spring', emails: [...addresses(60, 'gmail.com'), ...addresses(40, 'yahoo.com')] }).expect(200);
      await sends({ campaign_id: 'summer', emails: addresses(100, 'gmail.com', 'summer') }).expect(200);
      await webhook([
        ...addresses(3, 'gmail.com').map((email) => event('hardBounce', email, 'spring')),
        event('complaint', 'user0@yahoo.com', 'spring'),
        ...addresses(50, 'gmail.com', 'summer').map((email) => event('delivery', email, 'summer')),
      ]);
      await bounce('user5@yahoo.com', 'soft', 'spring');
    });

    it('answers one total per day, every day of the range, empty ones too', async () => {
      const response = await stats({ interval: 'day' });
      expect(response.status).toBe(200);
      const { data } = response.body;
      expect(data).toMatchObject({ interval: 'day', group_by: null, total: 30, from: expect.stringMatching(RFC3339), to: expect.stringMatching(RFC3339) });
      const today = data.buckets[29];
      expect(today).toEqual({
        start: expect.stringMatching(/T00:00:00Z$/),
        group: null,
        sent: 200,
        delivered: 50,
        hard: 3,
        soft: 1,
        complaint: 1,
        sender_blocks: 0,
        bounce_rate: 0.02,
        complaint_rate: 0.005,
        rate_basis: 'sent',
      });
      expect(data.buckets[0]).toMatchObject({ sent: 0, bounce_rate: null, rate_basis: null });
    });

    it('splits each bucket by campaign, its rates over its own sends', async () => {
      const { buckets } = (await stats({ interval: 'hour', group_by: 'campaign' }).expect(200)).body.data;
      expect(buckets.map((b: Record<string, unknown>) => [b.group, b.sent, b.delivered, b.hard + '/' + b.soft, b.bounce_rate, b.complaint_rate])).toEqual([
        ['spring', 100, 0, '3/1', 0.04, 0.01],
        ['summer', 100, 50, '0/0', 0, 0],
      ]);
    });

    it('answers the top limit groups by outcomes over the range, and how many groups there were', async () => {
      const top = (await stats({ interval: 'day', group_by: 'domain', limit: '1' }).expect(200)).body.data;
      expect(top).toMatchObject({ group_by: 'domain', limit: 1, groups_total: 2, total: 1 });
      expect(top.buckets.map((b: Record<string, unknown>) => [b.group, b.sent, b.bounce_rate])).toEqual([['gmail.com', 160, 0.0188]]);
      const all = (await stats({ interval: 'day', group_by: 'domain' }).expect(200)).body.data;
      expect(all).toMatchObject({ limit: 20, groups_total: 2, total: 2 });
    });

    it('keeps the rates of a reason over its whole bucket when other reasons are left out', async () => {
      const { buckets, groups_total } = (await stats({ interval: 'day', group_by: 'reason', limit: '2' }).expect(200)).body.data;
      expect(groups_total).toBe(4);
      expect(buckets.map((b: Record<string, unknown>) => [b.group, b.bounce_rate])).toEqual([
        [null, 0],
        ['user_unknown', 0.015],
      ]);
    });

    it('answers no limit and no groups total without a grouping', async () => {
      expect((await stats({ interval: 'day' }).expect(200)).body.data).toMatchObject({ limit: null, groups_total: null });
    });

    it('splits by recipient domain', async () => {
      const { buckets } = (await stats({ interval: 'week', group_by: 'domain' }).expect(200)).body.data;
      expect(buckets.map((b: Record<string, unknown>) => [b.group, b.sent, b.hard, b.soft, b.complaint])).toEqual([
        ['gmail.com', 160, 3, 0, 0],
        ['yahoo.com', 40, 0, 1, 1],
      ]);
    });

    it.each([
      [
        'reason',
        [
          [null, 200, 50, 0],
          ['complaint', 0, 0, 0.005],
          ['undetermined', 0, 0, 0.005],
          ['user_unknown', 0, 0, 0.015],
        ],
      ],
      [
        'category',
        [
          [null, 200, 50, 0],
          ['complaint', 0, 0, 0.005],
          ['recipient', 0, 0, 0.015],
          ['undetermined', 0, 0, 0.005],
        ],
      ],
      [
        'source',
        [
          [null, 200, 0, 0],
          ['api', 0, 0, 0.005],
          ['sendgrid', 0, 50, 0.02],
        ],
      ],
    ])('splits by %s, whose rates are over the whole bucket’s sends', async (groupBy, expected) => {
      const { buckets } = (await stats({ interval: 'day', group_by: groupBy }).expect(200)).body.data;
      expect(buckets.map((b: Record<string, unknown>) => [b.group, b.sent, b.delivered, (b.bounce_rate as number) + (b.complaint_rate as number)])).toEqual(
        expected,
      );
    });

    it('takes the rates over the reported outcomes when no send is known', async () => {
      await sql(EMPTY_DATA_TABLES);
      await webhook([
        event('hardBounce', 'a@example.com', 'autumn'),
        event('delivery', 'b@example.com', 'autumn'),
        event('delivery', 'c@example.com', 'autumn'),
      ]);
      const [bucket] = (await stats({ interval: 'day', group_by: 'campaign' }).expect(200)).body.data.buckets;
      expect(bucket).toMatchObject({ group: 'autumn', sent: 0, delivered: 2, hard: 1, bounce_rate: 0.3333, rate_basis: 'reported' });
    });

    it.each([
      ['interval', { interval: 'month' }],
      ['group_by', { group_by: 'country' }],
      ['from', { from: 'yesterday' }],
      ['to', { from: '2026-01-10T00:00:00Z', to: '2026-01-09T00:00:00Z' }],
      ['from', { interval: 'hour', from: '2026-01-01T00:00:00Z', to: '2026-01-09T00:00:00Z' }],
      ['from', { interval: 'day', from: '2024-01-01T00:00:00Z', to: '2026-01-09T00:00:00Z' }],
      ['limit', { limit: '10' }],
      ['limit', { group_by: 'domain', limit: '0' }],
      ['limit', { group_by: 'domain', limit: '101' }],
      ['limit', { group_by: 'domain', limit: 'ten' }],
      ['limit', { group_by: 'domain', limit: '2.5' }],
    ])('answers 400 naming %s', async (field, query) => {
      const response = await stats(query);
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
    });

    it('needs the subscribers permission', async () => {
      expect((await http().get('/api/v1/stats/bounces')).status).toBe(401);
    });
  });

  describe('GET /api/v1/campaigns/{id}/health and alerts', () => {
    it('is ok with no figures for a campaign of which nothing was counted', async () => {
      const response = await health('never');
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        campaign_id: 'never',
        from: null,
        to: null,
        sent: 0,
        delivered: 0,
        hard: 0,
        soft: 0,
        complaint: 0,
        sender_blocks: 0,
        bounce_rate: null,
        complaint_rate: null,
        rate_basis: null,
        status: 'ok',
        advice: [],
      });
    });

    it('raises no alert on one bounce of two messages', async () => {
      await sends({ campaign_id: 'tiny', emails: ['a@example.com', 'b@example.com'] }).expect(200);
      await bounce('a@example.com', 'hard', 'tiny');
      expect((await health('tiny')).body.data).toMatchObject({ bounce_rate: 0.5, status: 'ok' });
      expect(alerts).toEqual([]);
    });

    it('goes ok → warning → critical, alerting once at each crossing: an alert.triggered in the outbox, a log line and an in-process event', async () => {
      await http()
        .post('/api/v1/webhook-endpoints')
        .set(auth)
        .send({ url: 'https://hooks.example.com/alerts', events: ['alert.triggered'] })
        .expect(201);
      await sends({ campaign_id: 'spring', emails: addresses(200, 'example.com') }).expect(200);
      await webhook(addresses(9, 'example.com').map((email) => event('hardBounce', email, 'spring')));
      expect((await health('spring')).body.data).toMatchObject({ hard: 9, bounce_rate: 0.045, status: 'ok', advice: [] });
      expect(alerts).toEqual([]);

      await webhook([event('hardBounce', 'user9@example.com', 'spring')]);
      const warning = (await health('spring')).body.data;
      expect(warning).toMatchObject({ hard: 10, bounce_rate: 0.05, status: 'warning' });
      expect(warning.advice.join(' ')).toMatch(/double opt-in/);
      expect(alerts.map((alert) => [alert.campaignId, alert.previousStatus, alert.status])).toEqual([['spring', 'ok', 'warning']]);

      // More bounces at warning: no new alert.
      await bounce('user10@example.com', 'hard', 'spring');
      expect(alerts).toHaveLength(1);

      await webhook(addresses(20, 'example.com', 'more').map((email) => event('hardBounce', email, 'spring')));
      expect((await health('spring')).body.data.status).toBe('critical');
      expect(alerts.map((alert) => alert.status)).toEqual(['warning', 'critical']);
      expect(await sql('select campaign_id, status from campaign_health_levels')).toEqual([{ campaign_id: 'spring', status: 'critical' }]);
      const events = await sql<{ payload: unknown }>(`select payload from outbox_events where type = 'alert.triggered' order by id`);
      expect(events).toEqual([
        {
          payload: expect.objectContaining({
            campaign_id: 'spring',
            previous_status: 'ok',
            status: 'warning',
            sent: 200,
            hard: 10,
            bounce_rate: 0.05,
            rate_basis: 'sent',
          }),
        },
        { payload: expect.objectContaining({ campaign_id: 'spring', previous_status: 'warning', status: 'critical', hard: 31, bounce_rate: 0.155 }) },
      ]);
    });

    it('alerts once when concurrent batches of one campaign cross together', async () => {
      await sends({ campaign_id: 'rush', emails: addresses(100, 'example.com') }).expect(200);
      await Promise.all(
        Array.from({ length: 6 }, (_, batch) => webhook(addresses(2, 'example.com', `b${batch}-`).map((email) => event('hardBounce', email, 'rush')))),
      );
      expect((await health('rush')).body.data).toMatchObject({ hard: 12, status: 'critical' });
      expect(alerts.map((alert) => alert.status)).toEqual(expect.arrayContaining(['critical']));
      expect(alerts.filter((alert) => alert.status === 'critical')).toHaveLength(1);
      expect(alerts.filter((alert) => alert.previousStatus === 'ok' && alert.status === 'warning').length).toBeLessThanOrEqual(1);
    });

    it('reads the hours from from to to', async () => {
      await sends({ campaign_id: 'spring', emails: ['a@example.com'] }).expect(200);
      const later = (await health('spring', { from: '2999-01-01T00:00:00Z' })).body.data;
      expect(later).toMatchObject({ sent: 0, from: '2999-01-01T00:00:00Z', to: null });
      const now = (await health('spring', { from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' })).body.data;
      expect(now).toMatchObject({ sent: 1 });
    });

    it.each([
      ['id', 'has%20space', {}],
      ['from', 'spring', { from: 'soon' }],
      ['to', 'spring', { from: '2026-01-10T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
    ])('answers 400 naming %s', async (field, id, query) => {
      const response = await health(id, query);
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([expect.objectContaining({ field })]);
    });
  });
});
