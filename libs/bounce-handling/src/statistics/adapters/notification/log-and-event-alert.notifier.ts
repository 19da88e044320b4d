import { Injectable, Logger } from '@nestjs/common';
import { BounceHandlingEvents, type CampaignAlertEvent } from '../../../shared/adapters/notification/bounce-handling.events';
import { AlertNotifier } from '../../application/ports/alert.notifier.port';
import type { CampaignAlert } from '../../application/ports/delivery-statistics.repository.port';
import { deliveryRates } from '../../domain/delivery-figures';

/** An alert as a warning in the log, for operators, and as the in-process event, for importers. */
@Injectable()
export class LogAndEventAlertNotifier extends AlertNotifier {
  private readonly logger = new Logger('CampaignAlert');

  constructor(private readonly events: BounceHandlingEvents) {
    super();
  }

  async publish(alerts: readonly CampaignAlert[]): Promise<void> {
    for (const alert of alerts) {
      const event = eventOf(alert);
      const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${(rate * 100).toFixed(2)} %`);
      this.logger.warn(
        `campaign ${alert.campaignId}: ${alert.previousStatus} → ${alert.health.status} (bounce rate ${percent(event.bounceRate)}, complaint rate ${percent(event.complaintRate)} of ${event.rateBasis})`,
      );
      this.events.emitAlert(event);
    }
  }
}

function eventOf(alert: CampaignAlert): CampaignAlertEvent {
  return {
    campaignId: alert.campaignId,
    status: alert.health.status,
    previousStatus: alert.previousStatus,
    figures: alert.figures,
    ...deliveryRates(alert.figures),
    advice: alert.health.advice,
    occurredAt: alert.at,
  };
}
