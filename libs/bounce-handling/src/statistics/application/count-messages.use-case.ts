import { Injectable } from '@nestjs/common';
import { Outbox } from '../../shared/application/ports/outbox.port';
import type { OutboundEvent } from '../../shared/domain/outbound-event';
import { campaignHealth, type HealthStatus, isAlertCrossing } from '../domain/campaign-health';
import { campaignsOf, type CountedMessage, statisticsIncrements } from '../domain/counted-message';
import { type DeliveryFigures, deliveryRates, NO_FIGURES } from '../domain/delivery-figures';
import { AlertNotifier } from './ports/alert.notifier.port';
import { type CampaignAlert, CampaignHealthLevels, DeliveryStatisticsRepository } from './ports/delivery-statistics.repository.port';

/** What to do once the transaction that counted has committed. */
export interface CountedMessages {
  readonly alerts: readonly CampaignAlert[];
  publish(): Promise<void>;
}

/**
 * Counts sends and reports in the current transaction (the one that stores the reports): one
 * upsert of every counter row they change, which answers the campaigns' all-time figures and the
 * status each campaign they name was last seen at (read once the counters are locked); then, for
 * each campaign, its health over all its time against that status. A crossing into a worse status appends one
 * `alert.triggered` event to the outbox in the same transaction; the log line and the in-process
 * event follow the commit (`publish`). The campaign's all-time counter row, updated first, stays
 * locked until the commit: two batches of one campaign take their turns, and only one of them
 * sees the crossing.
 */
@Injectable()
export class CountMessages {
  constructor(
    private readonly statistics: DeliveryStatisticsRepository,
    private readonly levels: CampaignHealthLevels,
    private readonly outbox: Outbox,
    private readonly notifier: AlertNotifier,
  ) {}

  async execute(messages: readonly CountedMessage[], at: Date): Promise<CountedMessages> {
    if (messages.length === 0) return { alerts: [], publish: async () => undefined };
    const campaigns = campaignsOf(messages);
    // The campaigns' last statuses come with the counters, read once their rows are locked: one round trip.
    const { totals, levels } = await this.statistics.add(statisticsIncrements(messages), campaigns);
    const alerts = campaigns.length === 0 ? [] : await this.alertsOf(campaigns, totals, levels, at);
    if (alerts.length > 0) await this.outbox.append(alerts.map(alertEvent));
    return { alerts, publish: () => (alerts.length === 0 ? Promise.resolve() : this.notifier.publish(alerts)) };
  }

  private async alertsOf(
    campaigns: readonly string[],
    totals: ReadonlyMap<string, DeliveryFigures>,
    previous: ReadonlyMap<string, HealthStatus>,
    at: Date,
  ): Promise<CampaignAlert[]> {
    const changed = new Map<string, HealthStatus>();
    const alerts: CampaignAlert[] = [];
    for (const campaignId of campaigns) {
      const figures = totals.get(campaignId) ?? NO_FIGURES;
      const health = campaignHealth(figures);
      const before = previous.get(campaignId) ?? 'ok';
      if (health.status !== before) changed.set(campaignId, health.status);
      if (isAlertCrossing(before, health.status)) alerts.push({ campaignId, previousStatus: before, health, figures, at });
    }
    if (changed.size > 0) await this.levels.save(changed, at);
    return alerts;
  }
}

/** The outbound event of an alert: the campaign, its statuses, its figures and rates, the advice. */
export function alertEvent(alert: CampaignAlert): OutboundEvent {
  const rates = deliveryRates(alert.figures);
  return {
    type: 'alert.triggered',
    occurredAt: alert.at,
    data: {
      campaign_id: alert.campaignId,
      status: alert.health.status,
      previous_status: alert.previousStatus,
      sent: alert.figures.sent,
      delivered: alert.figures.delivered,
      hard: alert.figures.hard,
      soft: alert.figures.soft,
      complaint: alert.figures.complaint,
      sender_blocks: alert.figures.senderBlocks,
      bounce_rate: rates.bounceRate,
      complaint_rate: rates.complaintRate,
      rate_basis: rates.rateBasis,
      advice: alert.health.advice,
    },
  };
}
