import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { StatusChange } from '../../domain/status-change';

export type StatusChangeListener = (change: StatusChange) => void | Promise<void>;

const STATUS_CHANGED = 'status-changed';
const ALERT_TRIGGERED = 'alert-triggered';

/** A campaign crossed into a worse health status (docs/statistics.md): its figures over all its time, its rates and the advice. */
export interface CampaignAlertEvent {
  readonly campaignId: string;
  readonly status: 'ok' | 'warning' | 'critical';
  readonly previousStatus: 'ok' | 'warning' | 'critical';
  readonly figures: {
    readonly sent: number;
    readonly delivered: number;
    readonly hard: number;
    readonly soft: number;
    readonly complaint: number;
    readonly senderBlocks: number;
  };
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
  readonly rateBasis: 'sent' | 'reported' | null;
  readonly advice: readonly string[];
  readonly occurredAt: Date;
}

export type CampaignAlertListener = (alert: CampaignAlertEvent) => void | Promise<void>;

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

  /** Learn, after the commit, that a campaign crossed into `warning` or `critical`; returns a function that removes the listener. */
  onAlert(listener: CampaignAlertListener): () => void {
    const guarded = (alert: CampaignAlertEvent): void => {
      try {
        Promise.resolve(listener(alert)).catch((error: unknown) => this.reportListenerFailure(error));
      } catch (error) {
        this.reportListenerFailure(error);
      }
    };
    this.emitter.on(ALERT_TRIGGERED, guarded);
    return () => this.emitter.off(ALERT_TRIGGERED, guarded);
  }

  emitAlert(alert: CampaignAlertEvent): void {
    this.emitter.emit(ALERT_TRIGGERED, alert);
  }

  private reportListenerFailure(error: unknown): void {
    this.logger.error(`A listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
