import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serviceNodeOptions } from '../bench/lib/processes';
import { FROM_SOURCE, PROJECT_ROOT, SERVICE_NODE_OPTIONS } from './support/from-source';

/*
 * `npm start` and `npm run cli` run the TypeScript sources through scripts/register-swc.js,
 * which compiles each file once and keeps the output by the digest of its source: the first
 * start compiles, the later ones read what was compiled.
 */

const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'mailpass-swc');

/** The cached outputs that hold `marker`, with their modification times. */
function cachedWith(marker: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const name of fs.existsSync(CACHE_DIR) ? fs.readdirSync(CACHE_DIR) : []) {
    const file = path.join(CACHE_DIR, name);
    if (fs.readFileSync(file, 'utf8').includes(marker)) found.set(name, fs.statSync(file).mtimeMs);
  }
  return found;
}

describe('running from source (e2e)', () => {
  it('is how npm start and npm run cli run the service, and how these tests run it, the service with its heap limit', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${SERVICE_NODE_OPTIONS.join(' ')} ${FROM_SOURCE.join(' ')} src/main.ts`);
    expect(scripts['start:prod']).toBe(`node ${SERVICE_NODE_OPTIONS.join(' ')} dist/src/main`);
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'docker', 'Dockerfile'), 'utf8')).toContain(
      `CMD ["node", ${SERVICE_NODE_OPTIONS.map((option) => JSON.stringify(option)).join(', ')}, "dist/src/main"]`,
    );
    expect(scripts.cli).toBe(`node ${FROM_SOURCE.join(' ')} src/cli/main.ts`);
  });

  it('gives the bench the same options for the service it measures, unless the bench is told others', () => {
    expect(serviceNodeOptions(PROJECT_ROOT, undefined)).toEqual([...SERVICE_NODE_OPTIONS]);
    expect(serviceNodeOptions(PROJECT_ROOT, ' --max-old-space-size=512  --max-semi-space-size=4 ')).toEqual([
      '--max-old-space-size=512',
      '--max-semi-space-size=4',
    ]);
  });

  it('compiles a source once, reads it from the cache on later runs, and compiles it again once changed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-from-source-'));
    const source = path.join(dir, 'answer.ts');
    const run = (): string =>
      execFileSync(process.execPath, [...FROM_SOURCE, '-e', `console.log(require(${JSON.stringify(source)}).answer)`], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      }).trim();
    const first = `first-${randomBytes(8).toString('hex')}`;
    const second = `second-${randomBytes(8).toString('hex')}`;
    try {
      fs.writeFileSync(source, `const typed: string = '${first}';\nexport const answer = typed;\n`);
      expect(run()).toBe(first);
      const compiled = cachedWith(first);
      expect(compiled.size).toBe(1);

      expect(run()).toBe(first);
      expect(cachedWith(first)).toEqual(compiled); // read, not written again

      fs.writeFileSync(source, `const typed: string = '${second}';\nexport const answer = typed;\n`);
      expect(run()).toBe(second);
      expect(cachedWith(second).size).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const marker of [first, second]) for (const name of cachedWith(marker).keys()) fs.rmSync(path.join(CACHE_DIR, name), { force: true });
    }
  });
});
