import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/*
 * The house rules that `npm run lint` enforces with ESLint (eslint.config.mjs), each proven to
 * bite: snippets are linted with the repository's configuration at a path in the library, by
 * ESLint's Node API in a child process (test/support/lint-snippets.mjs).
 */

interface Message {
  readonly ruleId: string | null;
  readonly message: string;
  readonly line: number;
}

const SCRIPT = path.join(__dirname, 'support', 'lint-snippets.mjs');

function lint(snippets: readonly { code: string; filePath: string }[]): Message[][] {
  const child = spawnSync(process.execPath, [SCRIPT], { input: JSON.stringify(snippets), encoding: 'utf8', timeout: 60_000 });
  if (child.status !== 0) throw new Error(`lint-snippets.mjs failed (${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
}

const REPOSITORY = 'libs/bounce-handling/src/orders/adapters/persistence/postgres-order-repository.adapter.ts';

/** A repository of the library calling `call` on its EntityManager. */
const repositoryCalling = (call: string) => `import { EntityManager } from '@mikro-orm/postgresql';

export class PostgresOrderRepository {
  constructor(private readonly em: EntityManager) {}

  async save(order: object): Promise<unknown> {
    return ${call};
  }
}
`;

const UNIT_OF_WORK_CALLS = [
  'this.em.persistAndFlush(order)',
  'this.em.persist(order)',
  'this.em.flush()',
  'this.em.create(Object, order)',
  'this.em.find(Object, {})',
  'this.em.findOne(Object, { id: 1 })',
  'this.em.nativeInsert(Object, order)',
  'this.em.nativeUpdate(Object, {}, order)',
  'this.em.nativeDelete(Object, {})',
  'this.em.transactional(async () => order)',
  'this.em.fork().persist(order)',
  'this.em.getContext()',
  'this.em.begin()',
  'this.em.commit()',
  'this.em.rollback()',
  "this.em.execute('select 1')",
  "this.em.getKnex().raw('select 1')",
];

describe('house rules (ESLint)', () => {
  let reports: Message[][];
  const restricted = (report: Message[]) => report.filter((message) => message.ruleId === 'no-restricted-syntax');

  beforeAll(() => {
    reports = lint([
      ...UNIT_OF_WORK_CALLS.map((call) => ({ code: repositoryCalling(call), filePath: REPOSITORY })),
      // A use of the unit of work through a plain `em`, as a function of the library would have it.
      {
        code: "import type { EntityManager } from '@mikro-orm/postgresql';\n\nexport const orders = (em: EntityManager) => em.find(Object, {});\n",
        filePath: REPOSITORY,
      },
      // What the library does with its EntityManager, and calls of the same names on other things.
      {
        code: `import { EntityManager } from '@mikro-orm/postgresql';
import { pgQuery, pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { connectionPool } from '../../../shared/adapters/persistence/postgres-connection-pool';

const orderRow = pgRow({ id: col.integer });

export class PostgresOrderRepository {
  constructor(private readonly em: EntityManager) {}

  async save(ids: number[]): Promise<number | undefined> {
    await pgQuery(this.em, 'insert into "orders" ("id") select unnest(?::bigint[])', [ids]);
    const rows = await pgSelect(this.em, 'select "id" from "orders"', [], orderRow);
    connectionPool(this.em);
    const created = new Map<number, number>([[1, 1]]);
    created.delete(1);
    return rows.find((row) => row.id > 1)?.id ?? ids.find((id) => id > 1);
  }
}
`,
        filePath: REPOSITORY,
      },
      // The rule is the library's: its specs and the host may use an EntityManager as they need.
      { code: repositoryCalling('this.em.persistAndFlush(order)'), filePath: REPOSITORY.replace('.adapter.ts', '.int-spec.ts') },
      { code: repositoryCalling("this.em.execute('select 1')"), filePath: 'src/health/health.controller.ts' },
    ]);
  });

  it.each(UNIT_OF_WORK_CALLS.map((call, n) => [call, n] as const))(
    "refuses the EntityManager's unit of work in the library (%s), saying statements go through pgQuery/pgSelect",
    (_call, n) => {
      expect(restricted(reports[n])).toEqual([
        {
          ruleId: 'no-restricted-syntax',
          line: 7,
          message: expect.stringMatching(
            /^No EntityManager unit of work in the library: statements go through pgQuery\/pgSelect .*TransactionRunner's transaction/,
          ),
        },
      ]);
    },
  );

  it('refuses it through a plain `em` as well', () => {
    expect(restricted(reports[UNIT_OF_WORK_CALLS.length])).toHaveLength(1);
  });

  it('leaves pgQuery, pgSelect, the connection pool and calls of the same names on arrays and maps alone', () => {
    expect(reports[UNIT_OF_WORK_CALLS.length + 1]).toEqual([]);
  });

  it("leaves the library's specs and the host alone", () => {
    expect(restricted(reports[UNIT_OF_WORK_CALLS.length + 2])).toEqual([]);
    expect(restricted(reports[UNIT_OF_WORK_CALLS.length + 3])).toEqual([]);
  });
});
