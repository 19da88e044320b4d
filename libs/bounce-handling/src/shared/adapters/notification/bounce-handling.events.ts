import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { StatusChange } from '../../domain/status-change';

export type StatusChangeListener = (change: StatusChange) => void | Promise<void>;

const STATUS_CHANGED = 'status-changed';

/**
 * In-process events for the services that import the library: subscribe to learn, after the
 * commit, that an address was bounced, unsubscribed or re-activated. A listener that throws
 * or rejects is logged and does not disturb the others or the request that caused the change.
 */
@Injectable()
export class BounceHandlingEvents {
  private readonly logger = new Logger(BounceHandlingEvents.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Returns a function that removes the listener. */
  onStatusChange(listener: StatusChangeListener): () => void {
    const guarded = (change: StatusChange): void => {
      try {
        Promise.resolve(listener(change)).catch((error: unknown) => this.reportListenerFailure(error));
      } catch (error) {
        this.reportListenerFailure(error);
      }
    };
    this.emitter.on(STATUS_CHANGED, guarded);
    return () => this.emitter.off(STATUS_CHANGED, guarded);
  }

  emitStatusChange(change: StatusChange): void {
    this.emitter.emit(STATUS_CHANGED, change);
  }

  private reportListenerFailure(error: unknown): void {
    this.logger.error(`A status-change listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
