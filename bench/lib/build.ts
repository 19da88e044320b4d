import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Under node_modules: the compiled files find the project's packages by walking up, and the
 * sources of an older commit (`BENCH_GIT_REF`) stay out of the project's own type-check.
 */
export const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', buildDirName());

/**
 * `mailpass-bench`, or `mailpass-bench-<worktree>` when `node_modules` is a link to another
 * checkout's: worktrees sharing one `node_modules` must not build into (and run) each other's.
 */
function buildDirName(): string {
  const modules = path.join(ROOT, 'node_modules');
  try {
    if (fs.realpathSync(modules) !== modules) return `mailpass-bench-${path.basename(ROOT)}`;
  } catch {
    // No node_modules yet: the plain name.
  }
  return 'mailpass-bench';
}

export interface Build {
  /** `node <serviceMain>` starts the service as `npm run start:prod` does. */
  readonly serviceMain: string;
  readonly baselineMain: string;
  /** The floor of the single-event scenarios (bench/baseline/minimal-server.ts). */
  readonly minimalMain: string;
  /** What was built: `HEAD` (commit) or the working tree (commit, plus "dirty" when it differs). */
  readonly source: string;
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function tsc(project: string, outDir: string): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Compiles the service exactly as `npm run build` does (`tsconfig.build.json`; the Nest CLI
 * adds nothing else here: no plugins, no assets), into `<BUILD_DIR>/service` so that a
 * build of `dist/` by someone else is neither needed nor disturbed, and the two baselines into
 * `<BUILD_DIR>/baseline`. With `ref` (e.g. `HEAD`), the service is compiled from that commit's
 * `src/` and `libs/` instead of the working tree: the figures of a commit, whatever is being
 * edited beside it.
 */
export function buildAll(ref: string | null): Build {
  const serviceOut = path.join(BUILD_DIR, 'service');
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  let source: string;
  if (ref === null) {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src', 'libs') !== '';
    source = `working tree at ${commit}${dirty ? ' (with uncommitted changes in src/ or libs/)' : ''}`;
    tsc(path.join(ROOT, 'tsconfig.build.json'), serviceOut);
  } else {
    const commit = git('rev-parse', '--short', ref);
    if (commit === '') throw new Error(`BENCH_GIT_REF=${ref} names no commit`);
    source = `${ref} (${commit})`;
    const tree = path.join(BUILD_DIR, 'ref');
    fs.mkdirSync(tree, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} src libs tsconfig.json tsconfig.build.json | tar -x -C "${tree}"`], { cwd: ROOT, stdio: 'inherit' });
    tsc(path.join(tree, 'tsconfig.build.json'), serviceOut);
  }
  tsc(path.join(ROOT, 'bench', 'tsconfig.json'), path.join(BUILD_DIR, 'baseline'));
  const serviceMain = path.join(serviceOut, 'src', 'main.js');
  const { baselineMain, minimalMain } = baselineMains();
  for (const file of [serviceMain, baselineMain, minimalMain]) if (!fs.existsSync(file)) throw new Error(`The build produced no ${file}`);
  return { serviceMain, baselineMain, minimalMain, source };
}

/** Where the build puts the two baselines' entry points. */
export function baselineMains(): { baselineMain: string; minimalMain: string } {
  const dir = path.join(BUILD_DIR, 'baseline', 'baseline');
  return { baselineMain: path.join(dir, 'server.js'), minimalMain: path.join(dir, 'minimal-server.js') };
}
