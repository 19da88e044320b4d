import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import type { KeysetPageRequest } from '../../../shared/application/page';
import { GetBounce } from '../../application/get-bounce.use-case';
import { ListBounces } from '../../application/list-bounces.use-case';
import type { BounceFilter } from '../../application/ports/bounce.repository.port';
import { RecordBounce } from '../../application/record-bounce.use-case';
import { BounceIdParamDto } from './bounce-id-param.dto';
import { bounceListPosition } from './bounce-list-cursor';
import { BounceCreatedResponseDto, BounceDetailResponseDto, BouncePageResponseDto } from './bounce-response.dto';
import { ListBouncesQueryDto } from './list-bounces-query.dto';
import { RecordBounceRequestDto } from './record-bounce-request.dto';

@ApiTags('bounces')
@BounceHandlingController('api/v1/bounces')
@RequirePermission('subscribers')
export class BouncesController {
  constructor(
    private readonly listBounces: ListBounces,
    private readonly getBounce: GetBounce,
    private readonly recordBounce: RecordBounce,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List bounces, newest first, optionally filtered',
    description:
      'Filters (`email`, `domain`, `bounce_type`, `category`, `reason`, `source`, `campaign_id`) each take one value or several separated by commas, any of which a bounce may have; ' +
      '`from` ≤ `created_at` < `to`. Filters given together all apply, and `total` is the exact number of bounces they keep. ' +
      'Page with `offset`, or, for deep pages, with `cursor`: the `next_cursor` of the page before (not both).',
  })
  @ApiSuccessResponse(200, BouncePageResponseDto, 'A page of bounces, the exact total of the filters, and where the next page starts')
  @ApiErrorResponses(400, 503)
  async list(@Query() query: ListBouncesQueryDto): Promise<ApiSuccess<BouncePageResponseDto>> {
    const page: KeysetPageRequest =
      query.cursor === undefined ? { limit: query.limit, offset: query.offset ?? 0 } : { limit: query.limit, after: bounceListPosition(query.cursor) };
    return ok(BouncePageResponseDto.fromPage(await this.listBounces.execute(filterOf(query), page)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one bounce, with the report’s details and the raw event its provider sent' })
  @ApiSuccessResponse(200, BounceDetailResponseDto, 'The bounce')
  @ApiErrorResponses(400, 404, 503)
  async get(@Param() params: BounceIdParamDto): Promise<ApiSuccess<BounceDetailResponseDto>> {
    return ok(BounceDetailResponseDto.fromDetail(await this.getBounce.execute(params.id)));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a bounce manually',
    description: 'Recorded with `source: api`; the bounce-handling policy is applied to the address in the same transaction.',
  })
  @ApiBody({
    type: RecordBounceRequestDto,
    examples: {
      hard: { value: { email: 'invalid@example.com', bounce_type: 'hard', bounce_subtype: 'NoEmail', diagnostic_code: '550 5.1.1...' } },
      soft: { value: { email: 'full@example.com', bounce_type: 'soft', bounce_subtype: 'MailboxFull' } },
      complaint: { value: { email: 'angry@example.com', bounce_type: 'complaint', campaign_id: 'newsletter-2026-01' } },
    },
  })
  @ApiSuccessResponse(201, BounceCreatedResponseDto, 'The bounce was recorded and applied')
  @ApiErrorResponses(400, 413, 415, 503)
  async record(@Body() body: RecordBounceRequestDto): Promise<ApiSuccess<BounceCreatedResponseDto>> {
    const { bounceId } = await this.recordBounce.execute({
      email: body.email,
      bounceType: body.bounce_type,
      bounceSubtype: body.bounce_subtype ?? null,
      diagnosticCode: body.diagnostic_code ?? null,
      campaignId: body.campaign_id ?? null,
    });
    return ok({ bounce_id: bounceId });
  }
}

function filterOf(query: ListBouncesQueryDto): BounceFilter {
  return {
    emails: query.email,
    domains: query.domain,
    bounceTypes: query.bounce_type,
    categories: query.category,
    reasons: query.reason,
    sources: query.source,
    campaignIds: query.campaign_id,
    from: query.from,
    to: query.to,
  };
}
