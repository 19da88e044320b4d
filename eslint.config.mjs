// @ts-check
// `npm run lint`: ESLint with typescript-eslint's recommended rules, then the import boundaries
// (dependency-cruiser).
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What an EntityManager is called here: `em`, `this.em`, `orm.em`, `entityManager`. */
const ENTITY_MANAGER = '/^(em|entityManager)$/';
/** The EntityManager's unit of work and its other ways to the database, by member name. */
const UNIT_OF_WORK = `/^(${[
  'persist',
  'persistAndFlush',
  'flush',
  'transactional',
  'begin',
  'commit',
  'rollback',
  'fork',
  'getContext',
  'create',
  'assign',
  'merge',
  'remove',
  'removeAndFlush',
  'refresh',
  'populate',
  'lock',
  'find',
  'findOne',
  'findOneOrFail',
  'findAll',
  'findAndCount',
  'findByCursor',
  'count',
  'insert',
  'insertMany',
  'upsert',
  'upsertMany',
  'nativeInsert',
  'nativeUpdate',
  'nativeDelete',
  'execute',
  'getRepository',
  'createQueryBuilder',
  'qb',
  'getKnex',
].join('|')})$/`;

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name`: a value taken apart on purpose (a rest sibling left out, an argument in a fixed place).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // One transaction mechanism: the repositories' statements go through pgQuery/pgSelect, which
    // run on the connection of TransactionRunner's transaction. The EntityManager's unit of work
    // (and its execute) takes another connection of the pool, outside that transaction.
    files: ['libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression > MemberExpression.callee[property.name=${UNIT_OF_WORK}]:matches([object.name=${ENTITY_MANAGER}], [object.property.name=${ENTITY_MANAGER}])`,
          message:
            "No EntityManager unit of work in the library: statements go through pgQuery/pgSelect (shared/adapters/persistence/pg-query.ts), so that they run in TransactionRunner's transaction.",
        },
      ],
    },
  },
  {
    // Tests read answers as untyped JSON.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain JavaScript run by Node.js: CommonJS scripts and ES modules.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.js', '*.js', '.dependency-cruiser.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
