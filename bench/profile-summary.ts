/**
 * Where a CPU profile's time went: `npx ts-node --transpile-only bench/profile-summary.ts
 * <file.cpuprofile> [top]`. Self time by package (or first-party file) and by function, in
 * per cent of the samples that were not idle. Profiles come from `BENCH_CPU_PROF=1 npm run
 * bench`, which runs the service with `--cpu-prof` (written to bench/results/profiles/ when
 * the service stops).
 */
import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Waiting for I/O; `(program)` (native work outside JavaScript) and the collector are busy. */
const IDLE = '(idle)';

/** `pg`, `@mikro-orm/core`, … for node_modules; the path from `src/` or `libs/` for ours; `node:` for the runtime. */
function ownerOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node (runtime)';
  // The bench's own build of the service lives under node_modules/.cache/mailpass-bench/service/.
  const built = /\/mailpass-bench\/service\/((src|libs)\/.*)$/.exec(url);
  if (built) return built[1];
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const ours = /\/(src|libs)\/.*$/.exec(url);
  return ours ? ours[0].slice(1) : url;
}

function main(): void {
  const [file, topArg, skipArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top] [skip seconds]');
  const top = Number(topArg ?? 25);
  const skipMs = Number(skipArg ?? 0) * 1000;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfMs = new Map<number, number>();
  const inclusiveByOwner = new Map<string, number>();
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsed += ms;
    if (elapsed < skipMs) return;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
    if (byId.get(id)!.callFrame.functionName === IDLE) return;
    const owners = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      const frame = byId.get(node)!.callFrame;
      if (frame.url !== '') owners.add(ownerOf(frame.url));
    }
    for (const owner of owners) inclusiveByOwner.set(owner, (inclusiveByOwner.get(owner) ?? 0) + ms);
  });

  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(garbage collector)') gc += ms;
    if (frame.functionName === IDLE) {
      idle += ms;
      continue;
    }
    busy += ms;
    const owner = frame.functionName.startsWith('(') ? frame.functionName : ownerOf(frame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'}  ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const print = (title: string, entries: Map<string, number>): void => {
    console.log(`\n${title}`);
    for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
    }
  };
  if (skipMs > 0) console.log(`(the first ${skipMs / 1000} s left out)`);
  console.log(`${file}: ${(busy / 1000).toFixed(1)} s on the CPU (${((100 * gc) / busy).toFixed(1)} % garbage collection), ${(idle / 1000).toFixed(1)} s idle`);
  print('Self time by package or first-party file', byOwner);
  print('Self time by function', byFunction);
  print('Inclusive time by package or first-party file (nested calls count for each)', inclusiveByOwner);
}

main();
