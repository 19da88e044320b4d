import { Injectable } from '@nestjs/common';
import { StatusChangeNotifier } from '../../application/ports/status-change.notifier.port';
import type { StatusChange } from '../../domain/status-change';
import { BounceHandlingEvents } from './bounce-handling.events';

@Injectable()
export class InProcessStatusChangeNotifier extends StatusChangeNotifier {
  constructor(private readonly events: BounceHandlingEvents) {
    super();
  }

  async publish(changes: readonly StatusChange[]): Promise<void> {
    for (const change of changes) this.events.emitStatusChange(change);
  }
}
