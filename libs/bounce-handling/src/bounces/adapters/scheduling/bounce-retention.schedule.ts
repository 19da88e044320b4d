import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import { MaintainBounceRetention } from '../../application/maintain-bounce-retention.use-case';

/** A day between two runs of the maintenance: its work is monthly, its raw reports' clearing daily. */
export const BOUNCE_RETENTION_INTERVAL_MS = 24 * 3_600_000;

/**
 * Runs the maintenance of bounces (docs/retention.md) when the application has started, then
 * once a day, in every instance that does background work (the first to take the lock does the work); a run in flight is
 * awaited before the database closes. A failed run is logged and tried again the next day; the
 * default partition keeps every bounce meanwhile.
 */
@Injectable()
export class BounceRetentionSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BounceRetentionSchedule.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly maintain: MaintainBounceRetention,
    @Inject(RESOLVED_BOUNCE_HANDLING_OPTIONS) private readonly options: { readonly backgroundWork: boolean },
  ) {}

  onApplicationBootstrap(): void {
    // A process without background work (a command line) leaves it to the service.
    if (!this.options.backgroundWork) return;
    this.runNow();
    this.timer = setInterval(() => this.runNow(), BOUNCE_RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private runNow(): void {
    if (this.running !== null) return;
    this.running = this.maintain
      .run()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`Bounce retention failed, tried again in a day: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = null));
  }
}
