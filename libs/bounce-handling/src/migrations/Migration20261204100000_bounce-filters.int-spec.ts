import { Client } from 'pg';
import { MIGRATION_TIMEOUTS, openTestOrm, type TestOrm } from '../../../../test/support/test-orm';
import { bounceListStatements, type SqlStatement } from '../bounces/adapters/persistence/bounce-list.query';
import type { BounceFilter } from '../bounces/application/ports/bounce.repository.port';
import { positionalParameters } from '../shared/adapters/persistence/pg-query';
import type { KeysetPageRequest } from '../shared/application/page';

/** Rows enough that reading the whole table costs more than reading an index. */
const ROWS = 100_000;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The indexes of the bounce filters, proven on the repository's own statements
 * (`bounceListStatements`): each is prepared as the application prepares it and explained as the
 * plan PostgreSQL makes for the values given (a custom plan) and as the plan it keeps for every
 * value once a statement has run a few times (a generic plan), on a table of `ROWS` bounces with
 * its statistics analysed and sequential scans allowed. Neither may read the table whole.
 */
describe('Migration20261204100000_BounceFilters', () => {
  let db: TestOrm;
  let client: Client;
  let prepared = 0;

  /** Every node of the plan of a statement, as PostgreSQL plans it in `mode`. */
  const planOf = async (statement: SqlStatement, mode: 'force_custom_plan' | 'force_generic_plan'): Promise<PlanNode[]> => {
    const name = `filters_${(prepared += 1)}`;
    await client.query(`set plan_cache_mode = ${mode}`);
    await client.query(`prepare ${name} as ${positionalParameters(statement.sql)}`);
    const values = statement.params.map((value) =>
      Array.isArray(value) ? `array[${value.map((item) => client.escapeLiteral(String(item))).join(', ')}]` : client.escapeLiteral(String(value)),
    );
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `explain (format json) execute ${name}${values.length === 0 ? '' : `(${values.join(', ')})`}`,
    );
    await client.query(`deallocate ${name}`);
    return nodesOf(rows[0]['QUERY PLAN'][0].Plan);
  };

  /** A partition of bounces (a month, or the default one), or the table itself. */
  const BOUNCES = /^bounces(_\d{4}_\d{2}|_default)?$/;
  /** The index of `bounces` that each partition's index is the part of (`bounces_2026_03_split_part_…` → `bounces_domain_index`). */
  let rootIndexes: Map<string, string>;

  /** The partitions that hold no row (the months ahead, the default one): any scan of them reads nothing. */
  let emptyPartitions: Set<string>;

  /**
   * The nodes that read bounces: scans of the table or its partitions that hold rows, and the
   * scans of their indexes that feed a bitmap, each index named as the index of `bounces` it is
   * part of.
   */
  const onBounces = (nodes: PlanNode[]) =>
    nodes
      .filter((node) => !emptyPartitions.has(node['Relation Name'] ?? ''))
      .filter((node) => BOUNCES.test(node['Relation Name'] ?? '') || node['Index Name']?.startsWith('bounces_'))
      .map((node) => (node['Index Name'] === undefined ? node : { ...node, 'Index Name': rootIndexes.get(node['Index Name']) ?? node['Index Name'] }));

  beforeAll(async () => {
    // Reverting and applying the migrations again copies the year of bounces twice (the
    // partitioned table's) and backfills the statistics.
    db = await openTestOrm({ poolSize: 1, timeouts: MIGRATION_TIMEOUTS });
    // A partition for each month of the year of bounces, as the retention's maintenance keeps them.
    await db.sql(`
      do $$
      begin
        for m in 0..12 loop
          if to_regclass('bounces_' || to_char(timestamptz '2026-01-01Z' + m * interval '1 month', 'YYYY_MM')) is null then
            execute format('create table %I partition of "bounces" for values from (%L) to (%L)',
              'bounces_' || to_char(timestamptz '2026-01-01Z' + m * interval '1 month', 'YYYY_MM'),
              timestamptz '2026-01-01Z' + m * interval '1 month', timestamptz '2026-01-01Z' + (m + 1) * interval '1 month');
          end if;
        end loop;
      end $$;`);
    // 200 domains, 20,000 addresses, 300 campaigns (one bounce in seven without one), a bounce
    // every 5 minutes for a year.
    await db.sql(
      `insert into bounces (email, bounce_type, source, campaign_id, reason, category, created_at)
       select 'user' || (n % 20000) || '@example' || (n % 200) || '.test',
              (array['hard', 'soft', 'complaint'])[1 + n % 3], (array['ses', 'mailgun', 'sendgrid', 'api'])[1 + n % 4],
              case when n % 7 = 0 then null else 'campaign-' || (n % 300) end,
              (array['user_unknown', 'mailbox_full', 'blocked', 'expired'])[1 + n % 4], (array['recipient', 'mailbox', 'sender', 'transient'])[1 + n % 4],
              timestamptz '2026-01-01T00:00:00Z' + n * interval '5 minutes'
         from generate_series(1, ?) as n`,
      [ROWS],
    );
    // Three addresses in four have a subscriber, which their bounces belong to.
    await db.sql(
      `insert into subscribers (email) select 'user' || n || '@example' || (n % 200) || '.test' from generate_series(0, 19999) as n where n % 4 <> 0`,
    );
    await db.sql('update bounces b set subscriber_id = s.id from subscribers s where s.email = b.email');
    await db.sql('vacuum analyze bounces');
    await db.sql('analyze subscribers');
    const partitionIndexes = await db.sql<{ name: string; root: string }>(
      `select c.relname as name, pg_partition_root(c.oid)::text as root from pg_class c where c.relkind = 'i' and c.relispartition`,
    );
    rootIndexes = new Map(partitionIndexes.map((row) => [row.name, row.root]));
    const empty = await db.sql<{ name: string }>(`select c.relname as name from pg_class c where c.relkind = 'r' and c.relispartition and c.relpages = 0`);
    emptyPartitions = new Set(empty.map((row) => row.name));
    client = new Client({ connectionString: db.database.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  const firstPage: KeysetPageRequest = { limit: 20, offset: 0 };
  const afterPosition: KeysetPageRequest = { limit: 20, after: ['2026-06-01T00:00:00.000000Z', 43_200] };

  describe.each(['force_custom_plan', 'force_generic_plan'] as const)('with %s', (mode) => {
    // null: whichever index the planner finds cheaper (several domains lose the domain index's order).
    it.each<[string, BounceFilter, KeysetPageRequest, string | null]>([
      ['the address of a subscriber', { emails: ['user42@example42.test'] }, firstPage, 'bounces_subscriber_id_index'],
      ['an address without a subscriber', { emails: ['user40@example40.test'] }, firstPage, 'bounces_unowned_email_index'],
      ['addresses', { emails: ['user40@example40.test', 'user43@example43.test'] }, firstPage, 'bounces_unowned_email_index'],
      ['an address, after a position', { emails: ['user42@example42.test'] }, afterPosition, 'bounces_subscriber_id_index'],
      ['a domain', { domains: ['example42.test'] }, firstPage, 'bounces_domain_index'],
      ['domains', { domains: ['example42.test', 'example43.test'] }, firstPage, null],
      [
        'a campaign within a month',
        { campaignIds: ['campaign-42'], from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') },
        firstPage,
        'bounces_campaign_id_index',
      ],
      ['a campaign, after a position', { campaignIds: ['campaign-42'] }, afterPosition, 'bounces_campaign_id_index'],
      ['nothing, after a position', {}, afterPosition, 'bounces_created_at_id_index'],
      ['nothing, deep after a position', {}, { limit: 100, after: ['2026-01-02T00:00:00.000000Z', 288] }, 'bounces_created_at_id_index'],
      ['a month', { from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') }, firstPage, 'bounces_created_at_id_index'],
    ])('reads the page of %s from an index, never the whole table', async (_case, filter, page, index) => {
      const bounceNodes = onBounces(await planOf(bounceListStatements(filter, page).page, mode));
      expect(bounceNodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
      expect(bounceNodes.map((node) => node['Index Name'])).toEqual(expect.arrayContaining([index ?? expect.stringMatching(/^bounces_/)]));
    });

    it.each<[string, BounceFilter, string]>([
      ['an address', { emails: ['user42@example42.test'] }, 'bounces_subscriber_id_index'],
      ['a domain within a month', { domains: ['example42.test'], from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') }, 'bounces_domain_index'],
      [
        'domains within a month',
        { domains: ['example42.test', 'example43.test'], from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') },
        'bounces_domain_index',
      ],
      ['a campaign within a month', { campaignIds: ['campaign-42'], from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') }, 'bounces_campaign_id_index'],
    ])('counts the exact total of %s on an index, never the whole table', async (_case, filter, index) => {
      const bounceNodes = onBounces(await planOf(bounceListStatements(filter, firstPage).count, mode));
      expect(bounceNodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
      expect(bounceNodes.map((node) => node['Index Name'])).toContain(index);
    });
  });

  it('counts a domain within a month on its index alone, without reading the rows it counts', async () => {
    const filter = { domains: ['example42.test'], from: new Date('2026-03-01Z'), to: new Date('2026-04-01Z') };
    const nodes = onBounces(await planOf(bounceListStatements(filter, firstPage).count, 'force_generic_plan'));
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((node) => `${node['Node Type']} on ${node['Index Name']}`))).toEqual(new Set(['Index Only Scan on bounces_domain_index']));
  });

  it.each([[['example42.test']], [['example42.test', 'example43.test']]])(
    'counts domains alone (%j) from the domain counters, without reading bounces',
    async (domains) => {
      const statement = bounceListStatements({ domains }, firstPage).count;
      expect(onBounces(await planOf(statement, 'force_generic_plan'))).toEqual([]);
      expect(statement.sql).toContain('"bounce_domain_counters"');
    },
  );

  it('counts the whole list from the counters, without reading bounces', async () => {
    expect(onBounces(await planOf(bounceListStatements({}, afterPosition).count, 'force_custom_plan'))).toEqual([]);
  });

  it('can be reverted, and applied again', async () => {
    const indexes = async () =>
      (
        await db.sql<{ indexname: string }>(
          "select indexname from pg_indexes where tablename = 'bounces' and indexname in ('bounces_domain_index', 'bounces_campaign_id_index') order by indexname",
        )
      ).map((row) => row.indexname);
    expect(await indexes()).toEqual(['bounces_campaign_id_index', 'bounces_domain_index']);
    await db.orm.getMigrator().down({ to: 'Migration20261203130000_BounceCauses' });
    expect(await indexes()).toEqual([]);
    await db.orm.getMigrator().up();
    expect(await indexes()).toEqual(['bounces_campaign_id_index', 'bounces_domain_index']);
  });
});
