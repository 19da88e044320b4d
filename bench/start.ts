/**
 * `npm run bench:start`: how long `npm start` takes to serve, the first time after `npm ci`
 * (nothing compiled, the embedded cluster created) and on later starts, against the targets
 * (10 s and 3 s). `npm run bench` measures the same before its load scenarios.
 */
import { fmt } from './lib/report';
import { measureNpmStart, NPM_START_TARGETS } from './lib/npm-start';

async function main(): Promise<void> {
  const starts = Math.max(1, Math.round(Number(process.env.BENCH_STARTS) || 3));
  const { firstMs, laterMs } = await measureNpmStart(starts);
  const later = Math.max(...laterMs);
  console.log(
    `npm start, first time:  ready after ${fmt(firstMs)} ms (goal <= ${NPM_START_TARGETS.firstMs}) ${firstMs <= NPM_START_TARGETS.firstMs ? 'met' : 'MISSED'}`,
  );
  console.log(
    `npm start, later (max): ready after ${fmt(later)} ms of ${laterMs.map((ms) => fmt(ms)).join(', ')} (goal <= ${NPM_START_TARGETS.laterMs}) ${later <= NPM_START_TARGETS.laterMs ? 'met' : 'MISSED'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
