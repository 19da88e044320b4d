import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { type BuiltServer, freePort, killBuiltServers, startBuiltServer } from '../support/built-server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/*
 * docs/architecture.md, "API keys": each instance keeps the keys it looked up in memory, and the
 * database tells every instance when keys change. Here two built instances on one database have
 * both used a key (so both hold it) when a third process revokes it, or takes a permission from
 * it, with plain SQL: each instance refuses it within a second.
 */

jest.setTimeout(180_000);

const WITHIN_MS = 1_000;

let database: TestDatabase;
let db: Client;
let servers: BuiltServer[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  servers = await Promise.all([1, 2].map(async () => startBuiltServer({ port: await freePort(), env: { DATABASE_URL: database.url, LOG_LEVEL: 'warn' } })));
});

afterAll(async () => {
  await killBuiltServers();
  await db?.end();
  await database?.drop();
});

async function storedKey(permissions: string[]): Promise<{ id: number; secret: string }> {
  const secret = `mpk_${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<{ id: string }>(
    `insert into api_keys (name, key_hash, permissions, created_at) values ($1, $2, $3::text[], now()) returning id`,
    [`revocation ${secret.slice(4, 10)}`, createHash('sha256').update(secret).digest('hex'), `{${permissions.join(',')}}`],
  );
  return { id: Number(rows[0].id), secret };
}

async function statusOf(server: BuiltServer, secret: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/bounces?limit=1`, { headers: { Authorization: `Bearer ${secret}` } });
  await response.arrayBuffer();
  return response.status;
}

/** Asks each server every 20 ms until it answers `status`; the milliseconds each took, or a failure past `WITHIN_MS`. */
async function untilEachAnswers(status: number, secret: string): Promise<number[]> {
  const started = Date.now();
  return Promise.all(
    servers.map(async (server) => {
      for (;;) {
        const answered = await statusOf(server, secret);
        const took = Date.now() - started;
        if (answered === status) return took;
        if (took > WITHIN_MS) throw new Error(`${server.url} still answered ${answered} ${took} ms after the change, not ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
}

async function usedEverywhere(secret: string): Promise<void> {
  // Twice on each: the second answer comes from the instance's memory.
  for (const server of servers) for (const _ of [1, 2]) expect(await statusOf(server, secret)).toBe(200);
}

it('refuses a key revoked by another process on every instance within a second', async () => {
  const key = await storedKey(['subscribers']);
  await usedEverywhere(key.secret);
  await db.query('update api_keys set revoked_at = now() where id = $1', [key.id]);
  await untilEachAnswers(401, key.secret);
});

it('refuses a key whose permission was taken away by another process on every instance within a second', async () => {
  const key = await storedKey(['subscribers', 'campaigns']);
  await usedEverywhere(key.secret);
  await db.query(`update api_keys set permissions = '{campaigns}' where id = $1`, [key.id]);
  await untilEachAnswers(403, key.secret);
});

it('accepts at once a key added by another process after the instances were asked for it', async () => {
  const secret = `mpk_${randomBytes(32).toString('base64url')}`;
  for (const server of servers) expect(await statusOf(server, secret)).toBe(401);
  await db.query(`insert into api_keys (name, key_hash, permissions, created_at) values ('late', $1, '{subscribers}', now())`, [
    createHash('sha256').update(secret).digest('hex'),
  ]);
  await untilEachAnswers(200, secret);
});
