import { Logger } from '@nestjs/common';
import { pause } from '../../../shared/application/pause';
import { type DeliverOutboundEvents, DISPATCH_BATCH } from '../../application/deliver-outbound-events.use-case';
import type { DeliveryAttempt, DueDelivery } from '../../application/ports/webhook-delivery-queue.port';

export interface OutboundWebhookWorkerSettings {
  /** Deliveries in flight at once in this worker, recorded ones excepted. */
  readonly concurrency: number;
  /** How often the outbox and the queue are looked at when nothing woke the worker. */
  readonly pollIntervalMs: number;
  /** The longest a finished attempt waits for others to be recorded with it. */
  readonly recordDelayMs: number;
  /** Reports ingested a second by this process from which ingestion counts as busy (default 100). */
  readonly busyPerSecond?: number;
  /** While ingestion is busy, the wait before each turn (default 200 ms): at most `concurrency` deliveries that often. */
  readonly busyPauseMs?: number;
}

export const DEFAULT_WORKER_SETTINGS: OutboundWebhookWorkerSettings = {
  concurrency: 8,
  pollIntervalMs: 1_000,
  recordDelayMs: 20,
  busyPerSecond: 100,
  busyPauseMs: 200,
};

/** How busy ingestion is in this process (`IngestionPace`). */
export interface IngestionPaceReading {
  perSecond(): number;
}

/**
 * The loop of one process. Each turn records the attempts that finished (one statement for the
 * lot), dispatches the outbox's new events into deliveries, and claims as many deliveries as
 * there are free slots (up to `concurrency`), then sends them all at once. A slot is free once
 * its attempt is recorded; the turn comes when every delivery in flight has finished, when half
 * the slots have, or `recordDelayMs` after the first unrecorded one finished — so a slow endpoint
 * delays the others' records by that at most — and every `pollIntervalMs` otherwise. No endpoint
 * has more than its share of the slots in flight (the deliveries' `perEndpoint`), so that a slow
 * or dead endpoint holds at most that many and the other endpoints' deliveries go on. Ingestion
 * never waits for it: it only writes the events.
 *
 * Ingestion comes first on the process's cores: while this process ingests `busyPerSecond`
 * reports a second or more, the worker waits `busyPauseMs` before each turn — at most
 * `concurrency` deliveries every `busyPauseMs` (40 a second by default), never none — and
 * dispatches only what a claim lacks; the backlog goes out at full speed once ingestion calms
 * down. Events are delivered later, never lost: they wait in the outbox and the queue.
 *
 * `stop()` ends the loop and waits for the deliveries in flight (each bounded by the sender's
 * timeout) to be recorded; a process killed instead leaves its claims to run out their lease.
 */
export class OutboundWebhookWorker {
  private readonly logger = new Logger('OutboundWebhookWorker');
  private running: { readonly stop: AbortController; readonly loop: Promise<void> } | null = null;
  /** Deliveries in flight by id (being sent, or sent and not yet recorded), with their endpoint. */
  private readonly inFlight = new Map<string, { readonly endpointId: string; readonly sent: Promise<void> }>();
  /** Attempts made and not yet recorded. */
  private finished: DeliveryAttempt[] = [];
  private recordTimer: NodeJS.Timeout | null = null;
  /** The loop was woken to record what finished: one wake per batch, not one per attempt. */
  private recordAsked = false;
  private wake: (() => void) | null = null;
  /** Set when woken while not waiting, so that the wake is not lost. */
  private woken = false;
  private failing = false;

  constructor(
    private readonly deliver: DeliverOutboundEvents,
    private readonly settings: OutboundWebhookWorkerSettings = DEFAULT_WORKER_SETTINGS,
    private readonly ingestion: IngestionPaceReading = { perSecond: () => 0 },
  ) {}

  start(): void {
    if (this.running !== null) return;
    const stop = new AbortController();
    this.running = { stop, loop: this.loop(stop.signal) };
  }

  /** Looks at the outbox and the queue now rather than at the next poll (after events were written, for instance). */
  poke(): void {
    this.rouse();
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    running.stop.abort();
    this.rouse();
    await running.loop;
    this.running = null;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.finished.length > 0) await this.recordFinished();
      let moreToDispatch = false;
      try {
        moreToDispatch = this.ingestionIsBusy() ? await this.busyTurn(signal) : await this.turn(signal);
        if (this.failing) this.logger.log('The delivery queue can be read again');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.logger.warn(`The delivery queue could not be read (${messageOf(error)}); trying again each poll`);
        this.failing = true;
      }
      // A full dispatch may have left more events waiting: the next turn goes on with them.
      if (!moreToDispatch) await this.nextWake(signal);
    }
    await Promise.allSettled([...this.inFlight.values()].map((flight) => flight.sent));
    await this.recordFinished();
  }

  /** Dispatches a full batch and claims for every free slot; answers whether the outbox may hold more. */
  private async turn(signal: AbortSignal): Promise<boolean> {
    const moreToDispatch = (await this.deliver.dispatch(DISPATCH_BATCH)) === DISPATCH_BATCH;
    const free = this.settings.concurrency - this.inFlight.size;
    // Stopped meanwhile: nothing more is claimed.
    if (free > 0 && !signal.aborted) await this.claimAndSend(free);
    return moreToDispatch;
  }

  /**
   * While ingestion is busy: waits `busyPauseMs`, claims for the free slots, and dispatches only
   * when the claim found too few due deliveries — as many events as slots were left, claimed
   * at once. The fan-out waits with the deliveries, instead of writing thousands of deliveries a
   * second that go out at 40 a second. Answers whether the outbox may hold more.
   */
  private async busyTurn(signal: AbortSignal): Promise<boolean> {
    if (this.settings.concurrency - this.inFlight.size === 0) return false;
    await pause(this.settings.busyPauseMs ?? 200, signal);
    const free = this.settings.concurrency - this.inFlight.size;
    if (signal.aborted || free === 0) return false;
    const left = free - (await this.claimAndSend(free));
    if (left === 0) return false;
    const dispatched = await this.deliver.dispatch(left);
    if (dispatched > 0) await this.claimAndSend(left);
    return dispatched === left;
  }

  /** Claims up to `limit` due deliveries and sends them; answers how many. */
  private async claimAndSend(limit: number): Promise<number> {
    const claimed = await this.deliver.claim(limit, this.inFlightByEndpoint());
    for (const delivery of claimed) this.send(delivery);
    return claimed.length;
  }

  private send(delivery: DueDelivery): void {
    const sent = this.deliver
      .send(delivery)
      .then(
        (attempt) => {
          this.finished.push(attempt);
        },
        (error: unknown) => {
          this.inFlight.delete(delivery.id);
          this.logger.warn(`Delivery ${delivery.id} could not be attempted (${messageOf(error)}); it is tried again when its lease ends`);
        },
      )
      .finally(() => this.attemptEnded());
    this.inFlight.set(delivery.id, { endpointId: delivery.endpointId, sent });
  }

  /** Wakes the loop to record once everything in flight has finished or half the slots have, else after `recordDelayMs`. */
  private attemptEnded(): void {
    if (this.recordAsked) return;
    const sending = this.inFlight.size - this.finished.length;
    if (sending === 0 || this.finished.length >= Math.ceil(this.settings.concurrency / 2)) {
      this.askToRecord();
    } else if (this.finished.length > 0 && this.recordTimer === null) {
      this.recordTimer = setTimeout(() => {
        this.recordTimer = null;
        this.askToRecord();
      }, this.settings.recordDelayMs);
    }
  }

  private askToRecord(): void {
    if (this.recordTimer !== null) clearTimeout(this.recordTimer);
    this.recordTimer = null;
    this.recordAsked = true;
    this.rouse();
  }

  /** Records the finished attempts in one statement and frees their slots, recorded or not. */
  private async recordFinished(): Promise<void> {
    if (this.recordTimer !== null) clearTimeout(this.recordTimer);
    this.recordTimer = null;
    this.recordAsked = false;
    const batch = this.finished;
    if (batch.length === 0) return;
    this.finished = [];
    try {
      await this.deliver.record(batch);
    } catch (error) {
      this.logger.warn(`${batch.length} deliveries could not be recorded (${messageOf(error)}); they are tried again when their lease ends`);
    } finally {
      for (const attempt of batch) this.inFlight.delete(attempt.deliveryId);
      // Attempts that finished while this batch was being recorded wait for the next one.
      if (this.finished.length > 0) this.attemptEnded();
    }
  }

  private ingestionIsBusy(): boolean {
    return this.ingestion.perSecond() >= (this.settings.busyPerSecond ?? 100);
  }

  private inFlightByEndpoint(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { endpointId } of this.inFlight.values()) counts.set(endpointId, (counts.get(endpointId) ?? 0) + 1);
    return counts;
  }

  /** Ends the current wait, or the next one at once when the loop is not waiting. */
  private rouse(): void {
    if (this.wake !== null) this.wake();
    else this.woken = true;
  }

  /** The poll interval, a batch of attempts to record, `poke()` or `stop()`, whichever comes first. */
  private nextWake(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.woken) {
        this.woken = false;
        return resolve();
      }
      const done = () => {
        // No longer waiting: a wake from now on is for the next wait.
        this.wake = null;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, this.settings.pollIntervalMs);
      this.wake = done;
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
