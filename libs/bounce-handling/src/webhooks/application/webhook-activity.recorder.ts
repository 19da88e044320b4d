import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { combineActivity, noActivity, type WebhookActivity, type WebhookOutcome, type WebhookProvider, withOutcome } from '../domain/webhook-activity';
import { WebhookActivityRepository } from './ports/webhook-activity.repository.port';

/** How often, at most, one process writes a provider's activity. */
export const WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS = 1000;
/**
 * How long a request waits, at most, for the write of its outcome: a database that stalls
 * must not hold an answer (a 2xx for a report already stored) until the provider gives up.
 */
export const WEBHOOK_ACTIVITY_MAX_WAIT_MS = 1000;

interface ProviderState {
  /** Counted and not yet written. */
  pending: WebhookActivity | null;
  /** When the latest write started (ms). */
  lastWriteAt: number;
  writing: Promise<void> | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const DONE = Promise.resolve();

/**
 * Counts what the webhooks answer without a database round trip per request: outcomes are added
 * up in memory and written at most once a second per provider. The first outcome after a quiet
 * second is written before the request is answered, so that an operator who sends one test
 * event sees it at once. A failed write changes no answer: it is logged and its counts are kept
 * for the next write.
 */
@Injectable()
export class WebhookActivityRecorder {
  private readonly logger = new Logger('WebhookActivity');
  private readonly states = new Map<WebhookProvider, ProviderState>();
  private closing = false;
  private failing = false;

  constructor(
    private readonly repository: WebhookActivityRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts the outcome; when it is written at once, resolves once it is written (or after
   * `WEBHOOK_ACTIVITY_MAX_WAIT_MS`, the write going on). Never rejects.
   */
  record(provider: WebhookProvider, outcome: WebhookOutcome): Promise<void> {
    const state = this.stateOf(provider);
    const quiet = state.writing === null && this.now() - state.lastWriteAt >= WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS;
    state.pending = withOutcome(state.pending ?? noActivity(provider), outcome);
    if (this.closing || quiet) return waitAtMost(WEBHOOK_ACTIVITY_MAX_WAIT_MS, this.write(provider, state));
    this.scheduleWrite(provider, state);
    return DONE;
  }

  /** Writes everything counted and not yet written, after any write in progress. Never rejects. */
  async flush(): Promise<void> {
    await Promise.all([...this.states].map(([provider, state]) => this.write(provider, state)));
  }

  /**
   * Nest calls this when the application closes, before the HTTP server stops and before the
   * database pool closes: what is counted is written, and so is every later outcome (requests
   * still in flight) before its request is answered.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const state of this.states.values()) this.cancelTimer(state);
    await this.flush();
  }

  private async write(provider: WebhookProvider, state: ProviderState): Promise<void> {
    while (state.writing !== null) await state.writing;
    const delta = state.pending;
    if (delta === null) return;
    state.pending = null;
    state.lastWriteAt = this.now();
    this.cancelTimer(state);
    state.writing = this.repository
      .add([delta])
      .then(
        () => {
          this.failing = false;
        },
        (error: unknown) => {
          state.pending = state.pending === null ? delta : combineActivity(delta, state.pending);
          // Once per run of failures: a database that is down would otherwise log every second.
          if (!this.failing)
            this.logger.warn(`Could not write the webhook activity (${error instanceof Error ? error.message : String(error)}); it is kept and written later`);
          this.failing = true;
          this.scheduleWrite(provider, state);
        },
      )
      .finally(() => {
        state.writing = null;
      });
    await state.writing;
  }

  private scheduleWrite(provider: WebhookProvider, state: ProviderState): void {
    if (state.timer !== null || this.closing) return;
    const delay = Math.max(0, state.lastWriteAt + WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS - this.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.write(provider, state);
    }, delay);
    // A pending write never keeps the process alive: shutdown writes it.
    state.timer.unref?.();
  }

  private cancelTimer(state: ProviderState): void {
    if (state.timer === null) return;
    clearTimeout(state.timer);
    state.timer = null;
  }

  private stateOf(provider: WebhookProvider): ProviderState {
    let state = this.states.get(provider);
    if (state === undefined) {
      state = { pending: null, lastWriteAt: Number.NEGATIVE_INFINITY, writing: null, timer: null };
      this.states.set(provider, state);
    }
    return state;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function waitAtMost(ms: number, work: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
