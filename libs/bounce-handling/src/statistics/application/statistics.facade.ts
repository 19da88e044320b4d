import { Injectable } from '@nestjs/common';
import type { CountedMessage } from '../domain/counted-message';
import { type CountedMessages, CountMessages } from './count-messages.use-case';
import { type CountedSends, CountSends, type CountSendsCommand } from './count-sends.use-case';
import { type CampaignHealthReport, GetCampaignHealth } from './get-campaign-health.use-case';

/**
 * Statistics for in-process callers: a sender counts what it sends (as `POST /api/v1/sends`
 * does), the bounces feature counts the reports it stores in their transaction, and anyone may
 * read a campaign's health.
 */
@Injectable()
export class StatisticsFacade {
  constructor(
    private readonly sends: CountSends,
    private readonly messages: CountMessages,
    private readonly health: GetCampaignHealth,
  ) {}

  /** Counts messages sent to these addresses (at most 10,000), in their campaign when given; entries that are no address are skipped and counted as `invalid`. */
  countSends(command: CountSendsCommand): Promise<CountedSends> {
    return this.sends.execute(command);
  }

  /** Counts stored reports in the current transaction; `publish` the answer once it has committed. */
  countReports(messages: readonly CountedMessage[]): Promise<CountedMessages> {
    const at = new Date(Math.max(0, ...messages.map((message) => message.at.getTime())));
    return this.messages.execute(messages, at);
  }

  campaignHealth(query: { campaignId: string; from?: Date; to?: Date }): Promise<CampaignHealthReport> {
    return this.health.execute(query);
  }
}
