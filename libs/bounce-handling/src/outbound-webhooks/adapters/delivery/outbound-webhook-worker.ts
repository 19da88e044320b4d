import { Logger } from '@nestjs/common';
import type { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import type { DueDelivery } from '../../application/ports/webhook-delivery-queue.port';

export interface OutboundWebhookWorkerSettings {
  /** Deliveries in flight at once in this worker. */
  readonly concurrency: number;
  /** How often the queue is looked at when nothing woke the worker. */
  readonly pollIntervalMs: number;
}

export const DEFAULT_WORKER_SETTINGS: OutboundWebhookWorkerSettings = { concurrency: 8, pollIntervalMs: 1_000 };

/**
 * The loop of one process: keeps up to `concurrency` deliveries in flight, claiming more as soon
 * as one ends, and looks at the queue again every `pollIntervalMs` otherwise. No endpoint has
 * more than its share of the slots in flight (the deliveries' `perEndpoint`), so that a slow or
 * dead endpoint holds at most that many and the other endpoints' deliveries go on. Ingestion never waits for it: it only writes rows.
 *
 * `stop()` ends the loop and waits for the deliveries in flight (each bounded by the sender's
 * timeout) to be recorded; a process killed instead leaves its claims to run out their lease.
 */
export class OutboundWebhookWorker {
  private readonly logger = new Logger('OutboundWebhookWorker');
  private running: { readonly stop: AbortController; readonly loop: Promise<void> } | null = null;
  /** Deliveries in flight by id, with their endpoint. */
  private readonly inFlight = new Map<string, { readonly endpointId: string; readonly done: Promise<void> }>();
  private wake: (() => void) | null = null;
  /** Set when woken while not waiting, so that the wake is not lost. */
  private woken = false;

  constructor(
    private readonly deliver: DeliverOutboundEvents,
    private readonly settings: OutboundWebhookWorkerSettings = DEFAULT_WORKER_SETTINGS,
  ) {}

  start(): void {
    if (this.running !== null) return;
    const stop = new AbortController();
    this.running = { stop, loop: this.loop(stop.signal) };
  }

  /** Looks at the queue now rather than at the next poll (after events were written, for instance). */
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
    let failing = false;
    while (!signal.aborted) {
      const free = this.settings.concurrency - this.inFlight.size;
      let claimed: DueDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await this.deliver.claim(free, this.inFlightByEndpoint());
          if (failing) this.logger.log('The delivery queue can be read again');
          failing = false;
        } catch (error) {
          if (!failing) this.logger.warn(`The delivery queue could not be read (${messageOf(error)}); trying again each poll`);
          failing = true;
        }
      }
      for (const delivery of claimed) this.attempt(delivery);
      // Everything free was taken: more may be due at once.
      if (free > 0 && claimed.length === free) continue;
      await this.nextWake(signal);
    }
    await Promise.allSettled([...this.inFlight.values()].map((flight) => flight.done));
  }

  private attempt(delivery: DueDelivery): void {
    const done = this.deliver
      .attempt(delivery)
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`Delivery ${delivery.id} could not be recorded (${messageOf(error)}); it is tried again when its lease ends`),
      )
      .finally(() => {
        this.inFlight.delete(delivery.id);
        this.rouse();
      });
    this.inFlight.set(delivery.id, { endpointId: delivery.endpointId, done });
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

  /** The poll interval, a delivery ending, `poke()` or `stop()`, whichever comes first. */
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
