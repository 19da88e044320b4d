import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, TEST_API_KEY } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe("The app's database connections (e2e)", () => {
  let database: TestDatabase;
  let observer: Client;

  /** The server processes of the app's database, other than the observer's own. */
  const backends = async () =>
    (await observer.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map(
      (row) => row.pid,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    observer = new Client({ connectionString: database.url });
    await observer.connect();
  });

  afterAll(async () => {
    await observer?.end();
    await database?.drop();
  });

  it("ends every connection it opened, those of the library's statements included, when it closes", async () => {
    const testApp = await createTestApp({}, { database });
    try {
      const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          request(testApp.app.getHttpServer())
            .post('/api/v1/bounces')
            .set(auth)
            .send({ email: `closing-${n}@example.com`, bounce_type: 'hard' }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
      expect((await backends()).length).toBeGreaterThan(0);
    } finally {
      await testApp.close();
    }
    for (let waited = 0; waited < 2_000 && (await backends()).length > 0; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await backends()).toEqual([]);
  });
});
