import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * The boundaries of docs/architecture.md ("Import boundaries"), as `npm run lint` checks them
 * with .dependency-cruiser.js. dependency-cruiser is ESM-only, which Jest's CommonJS sandbox
 * cannot load, so it runs as its own CLI in a child process and reports in JSON.
 */

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.js');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

jest.setTimeout(60_000);

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** `depcruise libs src test` with the project's configuration, as `npm run lint` runs it. */
function depcruise(cwd: string, outputType: 'json' | 'err'): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DEPCRUISE, 'libs', 'src', 'test', '--config', CONFIG, '--output-type', outputType],
      { cwd, timeout: 50_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ exitCode: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr }),
    );
  });
}

async function violationsIn(cwd: string): Promise<Violation[]> {
  const { stdout, stderr } = await depcruise(cwd, 'json');
  let report: { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  try {
    report = JSON.parse(stdout);
  } catch {
    throw new Error(`depcruise gave no JSON report:\n${stderr}`);
  }
  return report.summary.violations.map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }));
}

/**
 * A small codebase laid out as docs/architecture.md ("Layout") says, with one import per rule
 * that breaks it, and some that do not.
 */
const FIXTURE: Record<string, string[]> = {
  'libs/demo/src/index.ts': ["export * from './orders/domain/order';"],
  'libs/demo/src/demo.module.ts': ["import '../../../src/config';", "import '../../../test/support/database';"],
  'libs/demo/src/shared/domain/money.ts': [],
  'libs/demo/src/orders/domain/order.ts': ["import '@nestjs/common';", "import '../../shared/domain/money';", "import './order-line';"],
  'libs/demo/src/orders/domain/order-line.ts': [
    "import type { OrderRepository } from '../application/ports/order.repository.port';",
    'export type Unused = OrderRepository;',
  ],
  'libs/demo/src/orders/domain/order.spec.ts': ["import '../../testing/order.mother';", "import './order';", "import '@mikro-orm/core';"],
  'libs/demo/src/orders/application/ports/order.repository.port.ts': [],
  'libs/demo/src/orders/application/orders.facade.ts': ["import '@nestjs/common';", "import '../domain/order';"],
  'libs/demo/src/orders/application/place-order.use-case.ts': [
    "import '@nestjs/common';",
    "import '@nestjs/core';",
    "import '@mikro-orm/core';",
    "import './ports/order.repository.port';",
    "import '../adapters/persistence/order.orm-entity';",
  ],
  'libs/demo/src/orders/adapters/persistence/order.orm-entity.ts': ["import '@mikro-orm/core';"],
  'libs/demo/src/orders/adapters/persistence/order-repository.adapter.ts': [
    "import '../../application/ports/order.repository.port';",
    "import '../../../testing/order.mother';",
  ],
  'libs/demo/src/orders/adapters/persistence/order-repository.int-spec.ts': [
    "import '../../../../../../test/support/database';",
    "import '../../../../../../src/config';",
  ],
  'libs/demo/src/orders/application/shipping.ts': ["import '../providers/acme/application/acme.settings';"],
  'libs/demo/src/orders/order-carriers.ts': ["import './providers/acme/adapters/acme.controller';", "import './providers/globex/globex.settings';"],
  'libs/demo/src/orders/providers/acme/application/acme.settings.ts': ["import '../../../domain/order';"],
  'libs/demo/src/orders/providers/acme/adapters/acme.controller.ts': [
    "import '../application/acme.settings';",
    "import '../../../application/orders.facade';",
    "import '../../../../customers/application/customers.use-case';",
    "import '../../globex/globex.settings';",
  ],
  'libs/demo/src/orders/providers/globex/globex.settings.ts': [],
  'libs/demo/src/customers/application/customers.use-case.ts': [],
  'libs/demo/src/customers/adapters/http/customers.controller.ts': [
    "import '../../application/customers.use-case';",
    "import '../../../orders/application/orders.facade';",
    "import '../../../orders/adapters/persistence/order.orm-entity';",
    "import '../../../shared/domain/money';",
    "import '../../../orders/domain/order';",
    "import '../../../orders/application/place-order.use-case';",
  ],
  'libs/demo/src/customers/adapters/http/customers.controller.spec.ts': ["import '../../../orders/application/place-order.use-case';"],
  'libs/demo/src/testing/order.mother.ts': ["import '../orders/domain/order';"],
  'src/config.ts': [],
  'src/main.ts': ["import '../libs/demo/src';", "import '../libs/demo/src/orders/domain/order';"],
  'src/main.spec.ts': ["import '../libs/demo/src/testing/order.mother';"],
  'test/support/database.ts': ["import '../../libs/demo/src/testing/order.mother';"],
  'test/app.e2e-spec.ts': ["import './support/database';", "import '../src/main';"],
};

const lib = (file: string) => `libs/demo/src/${file}`;
const EXPECTED: Violation[] = [
  { rule: 'domain-imports-only-domain', from: lib('orders/domain/order.ts'), to: '@nestjs/common' },
  { rule: 'domain-imports-only-domain', from: lib('orders/domain/order-line.ts'), to: lib('orders/application/ports/order.repository.port.ts') },
  { rule: 'domain-specs-stay-framework-free', from: lib('orders/domain/order.spec.ts'), to: '@mikro-orm/core' },
  { rule: 'application-uses-only-nest-common', from: lib('orders/application/place-order.use-case.ts'), to: '@nestjs/core' },
  { rule: 'application-uses-only-nest-common', from: lib('orders/application/place-order.use-case.ts'), to: '@mikro-orm/core' },
  { rule: 'application-uses-no-adapter', from: lib('orders/application/place-order.use-case.ts'), to: lib('orders/adapters/persistence/order.orm-entity.ts') },
  { rule: 'features-meet-through-facades', from: lib('customers/adapters/http/customers.controller.ts'), to: lib('orders/domain/order.ts') },
  {
    rule: 'features-meet-through-facades',
    from: lib('customers/adapters/http/customers.controller.ts'),
    to: lib('orders/application/place-order.use-case.ts'),
  },
  {
    rule: 'features-meet-through-facades',
    from: lib('orders/providers/acme/adapters/acme.controller.ts'),
    to: lib('customers/application/customers.use-case.ts'),
  },
  { rule: 'providers-stay-apart', from: lib('orders/providers/acme/adapters/acme.controller.ts'), to: lib('orders/providers/globex/globex.settings.ts') },
  { rule: 'feature-layers-name-no-provider', from: lib('orders/application/shipping.ts'), to: lib('orders/providers/acme/application/acme.settings.ts') },
  { rule: 'library-stays-out-of-the-host', from: lib('demo.module.ts'), to: 'src/config.ts' },
  { rule: 'library-stays-out-of-the-host', from: lib('demo.module.ts'), to: 'test/support/database.ts' },
  { rule: 'only-tests-use-test-support', from: lib('demo.module.ts'), to: 'test/support/database.ts' },
  { rule: 'library-specs-stay-out-of-the-host', from: lib('orders/adapters/persistence/order-repository.int-spec.ts'), to: 'src/config.ts' },
  { rule: 'only-tests-use-test-support', from: lib('orders/adapters/persistence/order-repository.adapter.ts'), to: lib('testing/order.mother.ts') },
  { rule: 'host-uses-the-library-public-api', from: 'src/main.ts', to: lib('orders/domain/order.ts') },
];

/** A package resolves to a file of the repository's node_modules (symlinked): compare its name. */
function normalised(violation: Violation): Violation {
  return { ...violation, to: violation.to.replace(/^.*?node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1') };
}

const byKey = (a: Violation, b: Violation) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('import boundaries (dependency-cruiser)', () => {
  let fixtureDir: string;

  beforeAll(() => {
    fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-boundaries-'));
    for (const [file, imports] of Object.entries(FIXTURE)) {
      fs.mkdirSync(path.join(fixtureDir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(fixtureDir, file), [...imports, 'export {};', ''].join('\n'));
    }
    fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(fixtureDir, 'tsconfig.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(fixtureDir, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
  });

  it('reports exactly the imports that cross a boundary', async () => {
    const violations = await violationsIn(fixtureDir);
    expect(violations.map(normalised).sort(byKey)).toEqual([...EXPECTED].sort(byKey));
  });

  it('fails the lint (a non-zero exit) when an import crosses a boundary', async () => {
    const { exitCode, stdout } = await depcruise(fixtureDir, 'err');
    expect(exitCode).toBe(EXPECTED.length); // depcruise exits with the number of errors
    expect(stdout).toContain(`error domain-imports-only-domain: ${lib('orders/domain/order.ts')}`);
  });

  it('finds no violation in this repository', async () => {
    const { exitCode, stdout } = await depcruise(ROOT, 'err');
    expect({ exitCode, stdout: stdout.trim() }).toEqual({ exitCode: 0, stdout: expect.stringContaining('no dependency violations found') });
  });
});
