import { Outbox } from '../../application/ports/outbox.port';
import type { OutboundEvent } from '../../domain/outbound-event';
import type { TableChanges } from './table-changes';

/**
 * The event types that some endpoint (not deleted) subscribes to, kept in memory: read at the
 * first append after a change, and forgotten when the database notifies a change of
 * `webhook_endpoints` (`TableChanges`: any process, any writer) or when this process changes one
 * (`changing`, before and after the write). While the notices are not heard, nothing is kept: the
 * database chooses at every append, as without it. A read under way when a change is told is not
 * kept.
 */
export class OutboxSubscriptions {
  private types: ReadonlySet<string> | null = null;
  private generation = 0;

  constructor(
    private readonly read: () => Promise<readonly string[]>,
    private readonly changes: Pick<TableChanges, 'listening' | 'follow'>,
  ) {
    changes.follow('webhook_endpoints', () => this.forget());
  }

  /** The subscribed types, from memory or read now; null when the database must choose instead. */
  async known(): Promise<ReadonlySet<string> | null> {
    if (!this.changes.listening) return null;
    if (this.types !== null) return this.types;
    const generation = this.generation;
    const read = new Set(await this.read());
    if (generation === this.generation && this.changes.listening) this.types = read;
    return read;
  }

  /** Runs a write of endpoints in this process: what was kept is forgotten before it and after it. */
  async changing<T>(write: () => Promise<T>): Promise<T> {
    this.forget();
    try {
      return await write();
    } finally {
      this.forget();
    }
  }

  private forget(): void {
    this.generation += 1;
    this.types = null;
  }
}

/**
 * The outbox, appending only the events of a type that some endpoint subscribes to
 * (`OutboxSubscriptions`): with no endpoint for them, an append costs no statement. The stored
 * outbox still chooses among those it is given by what the database holds, and records the last
 * endpoint of the moment, so that an endpoint registered later receives none of them.
 *
 * An endpoint registered by this process is seen at once; one registered by another, when its
 * notice arrives (milliseconds after its commit): the events of changes written in between are
 * not stored for it, as if it had been registered a moment later.
 */
export class SubscribedTypesOutbox extends Outbox {
  constructor(
    private readonly stored: Outbox,
    private readonly subscriptions: OutboxSubscriptions,
  ) {
    super();
  }

  async append(events: readonly OutboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    const types = await this.subscriptions.known();
    const wanted = types === null ? events : events.filter((event) => types.has(event.type));
    if (wanted.length > 0) await this.stored.append(wanted);
  }
}
