import request from 'supertest';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

/**
 * The retention through the whole app (docs/retention.md): an instance started with
 * RETENTION_MONTHS drops the months of bounces older than that at start; what the bounces did —
 * a suppressed address, the statistics — stays as it was, and the list's total stays exact.
 */
describe('Retention (e2e)', () => {
  let first: TestApp;
  let second: TestApp | null = null;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = (app: TestApp) => request(app.app.getHttpServer());

  const answers = async (app: TestApp) => ({
    sendable: (
      await http(app)
        .post('/api/v1/suppressions/check')
        .set(auth)
        .send({ emails: ['gone@example.com'] })
        .expect(200)
    ).body.data,
    statistics: (
      await http(app).get('/api/v1/stats/bounces').query({ interval: 'day', from: '2025-01-10T00:00:00Z', to: '2025-01-20T00:00:00Z' }).set(auth).expect(200)
    ).body.data,
  });

  beforeAll(async () => {
    first = await createTestApp();
  });

  afterAll(async () => {
    await second?.close();
    await first.close();
  });

  it('drops the months older than RETENTION_MONTHS at start, and the address they suppressed stays suppressed, with the same statistics', async () => {
    // A hard bounce suppresses the address and is counted; then it is given a date in January 2025, in a month of its own.
    await http(first).post('/api/v1/bounces').set(auth).send({ email: 'gone@example.com', bounce_type: 'hard' }).expect(201);
    await first.sql(`create table bounces_2025_01 partition of bounces for values from ('2025-01-01T00:00:00Z') to ('2025-02-01T00:00:00Z')`);
    await first.sql(`update bounces set created_at = '2025-01-15T12:00:00Z'`);
    await first.sql(`update delivery_statistics set bucket = '2025-01-15T00:00:00Z' where granularity = 'day'`);
    const before = await answers(first);
    expect(before.sendable).toMatchObject({ results: [{ email: 'gone@example.com', sendable: false }] });
    expect(before.statistics.buckets.map((bucket: { hard: number }) => bucket.hard)).toContain(1);
    expect((await http(first).get('/api/v1/bounces').set(auth).expect(200)).body.data.total).toBe(1);

    second = await createTestApp({ RETENTION_MONTHS: '12' }, { database: first.database });
    // The maintenance runs once the app has started; wait for the month to be gone.
    for (let tries = 0; (await second.sql(`select to_regclass('bounces_2025_01') as t`))[0].t !== null; tries += 1) {
      if (tries > 200) throw new Error('bounces_2025_01 was not dropped');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const list = (await http(second).get('/api/v1/bounces').set(auth).expect(200)).body.data;
    expect({ total: list.total, bounces: list.bounces }).toEqual({ total: 0, bounces: [] });
    expect(await answers(second)).toEqual(before);
  });
});
