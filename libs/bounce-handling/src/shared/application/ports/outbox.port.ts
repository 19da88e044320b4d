import type { OutboundEvent } from '../../domain/outbound-event';

/**
 * The outbox of outbound events. `append` is called inside the transaction of the change the
 * events report (`TransactionRunner.run`), and its rows commit or roll back with it; delivery
 * reads them afterwards.
 */
export abstract class Outbox {
  abstract append(events: readonly OutboundEvent[]): Promise<void>;
}
