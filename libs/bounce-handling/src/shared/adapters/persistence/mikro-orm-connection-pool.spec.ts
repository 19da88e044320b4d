import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionPool } from './mikro-orm-connection-pool';

describe('connectionPool', () => {
  const emWithKnexClient = (client: unknown) => ({ getKnex: () => ({ client }) }) as unknown as EntityManager;

  it.each([
    ['no client', undefined],
    ['a client without acquireConnection', { releaseConnection: async () => undefined }],
    ['a client without releaseConnection', { acquireConnection: async () => ({}) }],
  ])('refuses, naming what changed, when knex has %s', (_, client) => {
    expect(() => connectionPool(emWithKnexClient(client))).toThrow("knex's client no longer has acquireConnection()/releaseConnection()");
  });

  it("returns knex's client when it hands out and takes back connections", () => {
    const client = { acquireConnection: async () => ({}), releaseConnection: async () => undefined };
    expect(connectionPool(emWithKnexClient(client))).toBe(client);
  });
});
