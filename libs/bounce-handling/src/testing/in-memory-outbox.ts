import { Outbox } from '../shared/application/ports/outbox.port';
import type { OutboundEvent } from '../shared/domain/outbound-event';
import type { InMemoryTransactionRunner } from './in-memory-transaction-runner';

/**
 * Remembers every event appended, in order. Given the use case's transaction runner, it also
 * counts the events appended while no transaction was open (which a use case must not do).
 */
export class InMemoryOutbox extends Outbox {
  readonly events: OutboundEvent[] = [];
  appendedOutsideTransaction = 0;

  constructor(private readonly transactions?: InMemoryTransactionRunner) {
    super();
  }

  async append(events: readonly OutboundEvent[]): Promise<void> {
    if (this.transactions !== undefined && !this.transactions.open) this.appendedOutsideTransaction += events.length;
    this.events.push(...events);
  }

  /** The events of one type, in order. */
  ofType(type: OutboundEvent['type']): OutboundEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}
