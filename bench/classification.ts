/**
 * `npm run bench:classification`: how many bounces `classifyBounce` classifies per second on one
 * core, over a realistic mix (`bench/lib/classification.ts`), against its target. `npm run bench`
 * measures the same before its load scenarios. `BENCH_CLASSIFICATION_SECONDS` (default 3).
 */
import { CLASSIFICATION_MIX, CLASSIFICATION_TARGET_PER_SEC, measureClassification } from './lib/classification';
import { fmt } from './lib/report';

const seconds = Math.max(0.5, Number(process.env.BENCH_CLASSIFICATION_SECONDS) || 3);
const measure = measureClassification(seconds);
console.log(
  `classifyBounce: ${fmt(measure.perSec)} classifications per CPU second (${fmt(measure.microsEach, 1)} µs each) over a mix of ${CLASSIFICATION_MIX.length} ` +
    `(${fmt(measure.senderShare * 100)} % refusals of the sender), ${fmt(measure.cpuSeconds, 1)} s of CPU in ${fmt(measure.seconds, 1)} s; ` +
    `goal >= ${CLASSIFICATION_TARGET_PER_SEC} ${measure.perSec >= CLASSIFICATION_TARGET_PER_SEC ? 'met' : 'MISSED'}`,
);
if (process.env.BENCH_STRICT === '1' && measure.perSec < CLASSIFICATION_TARGET_PER_SEC) process.exitCode = 2;
