import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { CampaignIdParamDto } from '../../../campaigns/adapters/http/campaign-id-param.dto';
import { CountSends } from '../../application/count-sends.use-case';
import { GetBounceStatistics } from '../../application/get-bounce-statistics.use-case';
import { GetCampaignHealth } from '../../application/get-campaign-health.use-case';
import { BounceStatisticsQueryDto, CampaignHealthQueryDto } from './bounce-statistics-query.dto';
import { CountedSendsResponseDto, CountSendsRequestDto } from './count-sends-request.dto';
import { BounceStatisticsResponseDto, CampaignHealthResponseDto } from './statistics-response.dto';

@ApiTags('statistics')
@BounceHandlingController('api/v1')
@RequirePermission('subscribers')
export class StatisticsController {
  constructor(
    private readonly countSends: CountSends,
    private readonly getStatistics: GetBounceStatistics,
    private readonly getHealth: GetCampaignHealth,
  ) {}

  @Post('sends')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Count messages sent',
    description:
      'The sender counts what it sent, so that bounce and complaint rates are over sent messages: counted now, by campaign and recipient domain. ' +
      'An entry that is no e-mail address is skipped and counted as `invalid`; the others are counted all the same.',
  })
  @ApiBody({
    type: CountSendsRequestDto,
    examples: { campaign: { value: { campaign_id: 'newsletter-2026-01', emails: ['john.doe@example.com', 'jane@example.org'] } } },
  })
  @ApiSuccessResponse(200, CountedSendsResponseDto, 'How many were counted, and how many were no address')
  @ApiErrorResponses(400, 413, 415, 503)
  async sends(@Body() body: CountSendsRequestDto): Promise<ApiSuccess<CountedSendsResponseDto>> {
    return ok(await this.countSends.execute({ campaignId: body.campaign_id ?? null, emails: body.emails }));
  }

  @Get('stats/bounces')
  @ApiOperation({
    summary: 'Sends, deliveries, bounces and complaints per interval, in total or per group',
    description:
      'Read from counters kept as reports are stored. `interval` hour (at most 168), day (at most 366) or week (at most 53, from Monday); ' +
      '`group_by` campaign, domain, reason, category or source, answering the `limit` groups (default 20, at most 100) with the most outcomes over the range and `groups_total`. Rates are fractions over `sent`, or over the reported outcomes when no send is known (`rate_basis`).',
  })
  @ApiSuccessResponse(200, BounceStatisticsResponseDto, 'The buckets of the range')
  @ApiErrorResponses(400, 503)
  async statistics(@Query() query: BounceStatisticsQueryDto): Promise<ApiSuccess<BounceStatisticsResponseDto>> {
    const statistics = await this.getStatistics.execute({
      from: query.from,
      to: query.to,
      interval: query.interval,
      groupBy: query.group_by,
      limit: query.limit,
    });
    return ok(BounceStatisticsResponseDto.from(statistics));
  }

  @Get('campaigns/:id/health')
  @ApiOperation({
    summary: 'A campaign’s figures, health status and advice',
    description:
      'Over all its time, or the hours from `from` to `to`. `warning` at a bounce rate of 5 % or complaints of 0.1 %, `critical` at 10 % or 0.5 %, ' +
      'not before 100 messages are known. A campaign of which nothing was counted is `ok` with no figures.',
  })
  @ApiSuccessResponse(200, CampaignHealthResponseDto, 'The campaign’s health')
  @ApiErrorResponses(400, 503)
  async health(@Param() params: CampaignIdParamDto, @Query() query: CampaignHealthQueryDto): Promise<ApiSuccess<CampaignHealthResponseDto>> {
    return ok(CampaignHealthResponseDto.from(await this.getHealth.execute({ campaignId: params.id, from: query.from, to: query.to })));
  }
}
