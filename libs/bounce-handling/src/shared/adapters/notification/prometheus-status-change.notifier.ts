import { Counter, type Registry } from 'prom-client';
import { StatusChangeNotifier } from '../../application/ports/status-change.notifier.port';
import { isSuppressed } from '../../domain/address-status';
import type { StatusChange } from '../../domain/status-change';

/** `suppressions_total{reason}` on the host's registry: each address that became bounced or unsubscribed, by what suppressed it. */
export class PrometheusStatusChangeNotifier extends StatusChangeNotifier {
  private readonly suppressions: Counter<'reason'>;

  constructor(registry: Registry) {
    super();
    this.suppressions = new Counter({
      name: 'suppressions_total',
      help: 'Addresses suppressed (status changed to bounced or unsubscribed), by reason: hard-bounce, soft-bounce-threshold, complaint, manual, import',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  async publish(changes: readonly StatusChange[]): Promise<void> {
    for (const change of changes) if (isSuppressed(change.status)) this.suppressions.inc({ reason: change.reason });
  }
}
