import request from 'supertest';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

describe('Bounces API (e2e)', () => {
  let testApp: TestApp;
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('records a bounce and lists it', async () => {
    const created = await http().post('/api/v1/bounces').set(auth).send({ email: ' Invalid@Example.com ', bounce_type: 'hard', bounce_subtype: 'NoEmail', diagnostic_code: '550 5.1.1 unknown' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ success: true, data: { bounce_id: expect.any(Number) } });

    const listed = await http().get('/api/v1/bounces').set(auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      success: true,
      data: {
        bounces: [
          {
            id: created.body.data.bounce_id,
            email: 'invalid@example.com',
            bounce_type: 'hard',
            bounce_subtype: 'NoEmail',
            source: 'api',
            campaign_name: null,
            subscriber_name: null,
            created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          },
        ],
        total: 1,
        limit: 20,
        offset: 0,
      },
    });
  });
});
