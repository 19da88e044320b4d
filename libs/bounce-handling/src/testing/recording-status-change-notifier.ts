import type { StatusChangeNotifier } from '../shared/application/ports/status-change.notifier.port';
import type { StatusChange } from '../shared/domain/status-change';

/** Remembers what was published. */
export class RecordingStatusChangeNotifier implements StatusChangeNotifier {
  readonly published: StatusChange[] = [];

  async publish(changes: readonly StatusChange[]): Promise<void> {
    this.published.push(...changes);
  }
}
