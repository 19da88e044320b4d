import { Injectable, Logger } from '@nestjs/common';
import { StatusChangeNotifier } from '../../application/ports/status-change.notifier.port';
import type { StatusChange } from '../../domain/status-change';

/** One log line a change, for operators: which subscriber, from what, to what, and why. */
@Injectable()
export class LogStatusChangeNotifier extends StatusChangeNotifier {
  private readonly logger = new Logger('StatusChange');

  async publish(changes: readonly StatusChange[]): Promise<void> {
    for (const change of changes) {
      const who = change.subscriberId === null ? 'address without subscriber' : `subscriber ${change.subscriberId}`;
      this.logger.log(`${who}: ${change.previousStatus} → ${change.status} (${change.reason})`);
    }
  }
}
