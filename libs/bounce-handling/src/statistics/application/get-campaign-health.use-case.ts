import { Injectable } from '@nestjs/common';
import { CampaignId } from '../../shared/domain/campaign-id';
import { ValidationError } from '../../shared/domain/domain-error';
import { type CampaignHealth, campaignHealth } from '../domain/campaign-health';
import { type DeliveryFigures, deliveryRates, type DeliveryRates } from '../domain/delivery-figures';
import { DeliveryStatisticsRepository } from './ports/delivery-statistics.repository.port';

const HOUR = 3_600_000;

export interface CampaignHealthReport extends CampaignHealth, DeliveryRates {
  readonly campaignId: string;
  /** The whole hours read: `from` rounded down, `to` up; null when open (all time). */
  readonly from: Date | null;
  readonly to: Date | null;
  readonly figures: DeliveryFigures;
}

/**
 * A campaign's figures and health, over all its time or the hours from `from` to `to`. A
 * campaign of which nothing was counted is healthy with no figures: its id need not be known.
 */
@Injectable()
export class GetCampaignHealth {
  constructor(private readonly statistics: DeliveryStatisticsRepository) {}

  async execute(query: { campaignId: string; from?: Date; to?: Date }): Promise<CampaignHealthReport> {
    const campaignId = CampaignId.parse(query.campaignId).value;
    const from = query.from === undefined ? undefined : new Date(Math.floor(query.from.getTime() / HOUR) * HOUR);
    const to = query.to === undefined ? undefined : new Date(Math.ceil(query.to.getTime() / HOUR) * HOUR);
    if (from !== undefined && to !== undefined && from.getTime() >= to.getTime()) {
      throw new ValidationError('to: must be later than from', [{ field: 'to', message: 'must be later than from' }]);
    }
    const figures = await this.statistics.campaignFigures(campaignId, { from, to });
    return { campaignId, from: from ?? null, to: to ?? null, figures, ...deliveryRates(figures), ...campaignHealth(figures) };
  }
}
