import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { ListBounces } from '../../application/list-bounces.use-case';
import { RecordBounce } from '../../application/record-bounce.use-case';
import { BounceCreatedResponseDto, BounceListResponseDto } from './bounce-response.dto';
import { RecordBounceRequestDto } from './record-bounce-request.dto';

@ApiTags('bounces')
@BounceHandlingController('api/v1/bounces')
@RequirePermission('subscribers')
export class BouncesController {
  constructor(
    private readonly listBounces: ListBounces,
    private readonly recordBounce: RecordBounce,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List bounces, newest first' })
  @ApiSuccessResponse(200, BounceListResponseDto, 'A page of bounces and the exact total')
  @ApiErrorResponses(400, 503)
  async list(@Query() query: PaginationQueryDto): Promise<ApiSuccess<BounceListResponseDto>> {
    return ok(BounceListResponseDto.from(await this.listBounces.execute({ limit: query.limit, offset: query.offset })));
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
