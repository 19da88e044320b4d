import { StatusChangeNotifier } from '../../application/ports/status-change.notifier.port';
import type { StatusChange } from '../../domain/status-change';

/** Hands each batch of changes to every configured notifier, in order. */
export class FanOutStatusChangeNotifier extends StatusChangeNotifier {
  constructor(private readonly notifiers: readonly StatusChangeNotifier[]) {
    super();
  }

  async publish(changes: readonly StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    for (const notifier of this.notifiers) await notifier.publish(changes);
  }
}
