import type { MaintainBounceRetention } from '../../application/maintain-bounce-retention.use-case';
import { BounceRetentionSchedule } from './bounce-retention.schedule';

function countingRuns() {
  const runs = { count: 0 };
  const maintain = { run: async () => void (runs.count += 1) } as unknown as MaintainBounceRetention;
  return { runs, maintain };
}

describe('BounceRetentionSchedule', () => {
  it('runs the maintenance when the application has started', async () => {
    const { runs, maintain } = countingRuns();
    const schedule = new BounceRetentionSchedule(maintain, { backgroundWork: true });
    schedule.onApplicationBootstrap();
    await schedule.onModuleDestroy();
    expect(runs.count).toBe(1);
  });

  it('runs nothing in a process without background work (a command line)', async () => {
    const { runs, maintain } = countingRuns();
    const schedule = new BounceRetentionSchedule(maintain, { backgroundWork: false });
    schedule.onApplicationBootstrap();
    await schedule.onModuleDestroy();
    expect(runs.count).toBe(0);
  });
});
