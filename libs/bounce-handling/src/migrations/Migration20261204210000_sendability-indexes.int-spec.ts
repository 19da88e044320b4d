import { Client } from 'pg';
import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';
import { suppressedStatusesStatement } from '../shared/adapters/persistence/postgres-address-state-repository.adapter';
import { positionalParameters } from '../shared/adapters/persistence/pg-query';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Heap Fetches'?: number;
  readonly Plans?: readonly PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** A check of a thousand addresses, as senders ask: most of them subscribers, a few suppressed, some never seen. */
const CHECKED = Array.from({ length: 1000 }, (_, n) => (n % 50 === 49 ? `never-seen${n}@example.org` : `user${(n * 37) % 40_000}@example${n % 100}.test`));

/**
 * The indexes of the sendability check (`POST /api/v1/suppressions/check`), proven on the
 * repository's own statement (`suppressedStatusesStatement`): prepared as the application
 * prepares it and explained as PostgreSQL plans it for the values given (a custom plan) and as it
 * keeps it once the statement has run a few times (a generic plan), on 40,000 subscribers (one in
 * twenty suppressed) and 20,000 addresses without one, statistics analysed, the visibility map
 * set. Each table is read by an index-only scan of the suppressed addresses alone: a thousand
 * look-ups in a small index, rather than a look-up in the index of every address followed by a
 * read of each row found, or a read of every suppressed row.
 */
describe('Migration20261204210000_SendabilityIndexes', () => {
  let db: TestOrm;
  let client: Client;
  let prepared = 0;

  const planOf = async (mode: 'force_custom_plan' | 'force_generic_plan'): Promise<PlanNode[]> => {
    const { sql, params } = suppressedStatusesStatement(CHECKED, new Date('2026-02-01T00:00:00Z'), 30);
    const name = `sendability_${(prepared += 1)}`;
    await client.query(`set plan_cache_mode = ${mode}`);
    await client.query(`prepare ${name} as ${positionalParameters(sql)}`);
    const literal = (value: unknown): string =>
      Array.isArray(value)
        ? `array[${value.map(literal).join(', ')}]`
        : value === null
          ? 'null'
          : client.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));
    const values = params.map(literal);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json, analyze) execute ${name}(${values.join(', ')})`);
    await client.query(`deallocate ${name}`);
    return nodesOf(rows[0]['QUERY PLAN'][0].Plan);
  };

  /** How each table is read: `Index Only Scan on subscribers_sendability_index`, … */
  const readsOf = (nodes: PlanNode[]) =>
    nodes.filter((node) => node['Relation Name'] !== undefined).map((node) => `${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']}`);

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    await db.sql(
      `insert into subscribers (email, status, suppressed_by, status_changed_at)
       select 'user' || n || '@example' || (n % 100) || '.test',
              case when n % 20 = 0 then 'bounced' when n % 97 = 0 then 'unsubscribed' else 'active' end,
              case when n % 20 = 0 then (array['hard-bounce', 'soft-bounce-threshold'])[1 + n % 2] when n % 97 = 0 then 'complaint' end,
              case when n % 20 = 0 or n % 97 = 0 then timestamptz '2026-01-01Z' + n * interval '1 minute' end
         from generate_series(0, 39999) as n`,
    );
    await db.sql(
      `insert into address_states (email, status, consecutive_soft_bounces, suppressed_by, status_changed_at)
       select 'lone' || n || '@example' || (n % 100) || '.test',
              case when n % 4 = 0 then 'bounced' else 'active' end, case when n % 4 = 0 then 0 else 1 end,
              case when n % 4 = 0 then 'hard-bounce' end, case when n % 4 = 0 then timestamptz '2026-01-01Z' + n * interval '1 minute' end
         from generate_series(0, 19999) as n`,
    );
    await db.sql('vacuum analyze subscribers');
    await db.sql('vacuum analyze address_states');
    client = new Client({ connectionString: db.database.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  it.each(['force_custom_plan', 'force_generic_plan'] as const)(
    'reads the suppressed addresses alone, from their own indexes, without the rows (%s)',
    async (mode) => {
      const nodes = await planOf(mode);
      expect(readsOf(nodes).sort()).toEqual(['Index Only Scan on address_states_sendability_index', 'Index Only Scan on subscribers_sendability_index']);
      expect(nodes.map((node) => node['Heap Fetches']).filter((fetches) => fetches !== undefined)).toEqual([0, 0]);
    },
  );

  it('can be reverted, and applied again', async () => {
    const indexes = async () =>
      (
        await db.sql<{ indexname: string }>(
          "select indexname from pg_indexes where indexname in ('subscribers_sendability_index', 'address_states_sendability_index') order by indexname",
        )
      ).map((row) => row.indexname);
    expect(await indexes()).toEqual(['address_states_sendability_index', 'subscribers_sendability_index']);
    await db.orm.getMigrator().down({ to: 'Migration20261204170000_PartitionedBounces' });
    expect(await indexes()).toEqual([]);
    await db.orm.getMigrator().up();
    expect(await indexes()).toEqual(['address_states_sendability_index', 'subscribers_sendability_index']);
  });
});
