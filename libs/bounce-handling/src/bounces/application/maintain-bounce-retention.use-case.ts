import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { bounceRetentionPlan, type BounceRetentionRules } from '../domain/bounce-retention';
import { BounceRetentionStore } from './ports/bounce-retention-store.port';

/** The retention's settings (`RETENTION_MONTHS`, `RAW_REPORT_RETENTION_DAYS`), as the host gave them. */
export abstract class BounceRetentionSettings implements BounceRetentionRules {
  abstract readonly retentionMonths: number | null;
  abstract readonly rawReportRetentionDays: number | null;
}

/** What one run did; null when another instance was running it. */
export interface BounceRetentionOutcome {
  readonly created: readonly string[];
  readonly movedFromDefault: number;
  readonly droppedMonths: readonly string[];
  readonly droppedBounces: number;
  readonly clearedRawReports: number;
}

/**
 * The maintenance of stored bounces (docs/retention.md): the partitions of this month and the
 * next two, then what the retention takes away. One instance at a time runs it.
 */
@Injectable()
export class MaintainBounceRetention {
  private readonly logger = new Logger(MaintainBounceRetention.name);

  constructor(
    private readonly store: BounceRetentionStore,
    private readonly clock: Clock,
    private readonly settings: BounceRetentionSettings,
  ) {}

  async run(): Promise<BounceRetentionOutcome | null> {
    const plan = bounceRetentionPlan(this.clock.now(), this.settings);
    let outcome: BounceRetentionOutcome | null = null;
    const ran = await this.store.alone(async (session) => {
      const prepared = await session.prepareMonths(plan.months);
      const dropped = plan.dropBefore === null ? { months: [], bounces: 0 } : await session.dropBefore(plan.dropBefore);
      const cleared = plan.clearRawReportsBefore === null ? 0 : await session.clearRawReportsBefore(plan.clearRawReportsBefore);
      outcome = {
        created: prepared.created,
        movedFromDefault: prepared.movedFromDefault,
        droppedMonths: dropped.months,
        droppedBounces: dropped.bounces,
        clearedRawReports: cleared,
      };
    });
    if (!ran || outcome === null) {
      this.logger.log('Bounce retention: another instance is running it');
      return null;
    }
    const done: BounceRetentionOutcome = outcome;
    if (done.movedFromDefault > 0)
      this.logger.warn(`Bounce retention: ${done.movedFromDefault} bounces moved from bounces_default into ${done.created.join(', ')}`);
    if (done.created.length > 0 || done.droppedMonths.length > 0 || done.clearedRawReports > 0) {
      this.logger.log(
        `Bounce retention: partitions made ${done.created.join(', ') || 'none'}; months dropped ${done.droppedMonths.join(', ') || 'none'} ` +
          `(${done.droppedBounces} bounces); raw reports cleared ${done.clearedRawReports}`,
      );
    }
    return done;
  }
}
