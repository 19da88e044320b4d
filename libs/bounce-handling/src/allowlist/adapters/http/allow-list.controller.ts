import { Body, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentApiKey } from '../../../auth/adapters/http/current-api-key.decorator';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { AllowPattern } from '../../application/allow-pattern.use-case';
import { DisallowPattern } from '../../application/disallow-pattern.use-case';
import { ListAllowList } from '../../application/list-allow-list.use-case';
import { AllowListEntryResponseDto, AllowListResponseDto } from './allow-list-entry-response.dto';
import { AllowListPatternParamDto } from './allow-list-pattern-param.dto';
import { AllowPatternRequestDto } from './allow-pattern-request.dto';

const ENTRY_EXAMPLE = {
  pattern: 'seed@example.com',
  kind: 'address',
  note: 'Gmail seed inbox',
  added_by: 'deliverability-team',
  created_at: '2026-01-10T12:00:00Z',
};

@ApiTags('allow-list')
@BounceHandlingController('api/v1/allowlist')
@RequirePermission('subscribers')
export class AllowListController {
  constructor(
    private readonly listAllowList: ListAllowList,
    private readonly allowPattern: AllowPattern,
    private readonly disallowPattern: DisallowPattern,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the allow-list, newest first',
    description:
      'Seed inboxes and test domains: a bounce or complaint for an address on the list (or of a domain on it) is recorded and never changes the address — neither suppressed nor counted toward the soft-bounce threshold.',
  })
  @ApiSuccessResponse(200, AllowListResponseDto, 'A page of entries and the exact total', {
    items: [ENTRY_EXAMPLE, { pattern: '@test.example.com', kind: 'domain', note: null, added_by: 'ops', created_at: '2026-01-09T08:00:00Z' }],
    total: 2,
    limit: 20,
    offset: 0,
  })
  @ApiErrorResponses(400, 503)
  async list(@Query() query: PaginationQueryDto): Promise<ApiSuccess<AllowListResponseDto>> {
    return ok(AllowListResponseDto.from(await this.listAllowList.execute({ limit: query.limit, offset: query.offset })));
  }

  @Put(':pattern')
  @ApiOperation({
    summary: 'Put an address or a domain on the allow-list',
    description:
      'Idempotent: a pattern already on the list keeps its entry as it was (note, key and time) and is answered 200. Its reports are recorded from now on without changing the address; an address suppressed already stays suppressed until an operator lifts the suppression.',
  })
  @ApiBody({
    type: AllowPatternRequestDto,
    required: false,
    examples: { note: { value: { note: 'Gmail seed inbox' } }, none: { value: {} } },
  })
  @ApiSuccessResponse(201, AllowListEntryResponseDto, 'The pattern was added', ENTRY_EXAMPLE)
  @ApiSuccessResponse(200, AllowListEntryResponseDto, 'The pattern was on the list already: its entry as it was', ENTRY_EXAMPLE)
  @ApiErrorResponses(400, 413, 415, 503)
  async put(
    @Param() params: AllowListPatternParamDto,
    @Body() body: AllowPatternRequestDto,
    @CurrentApiKey() apiKey: { readonly name: string },
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiSuccess<AllowListEntryResponseDto>> {
    const note = body.note === undefined || body.note === null || body.note === '' ? null : body.note;
    const { entry, created } = await this.allowPattern.execute({ pattern: params.pattern, note, addedBy: apiKey.name });
    response.status(created ? 201 : 200);
    return ok(AllowListEntryResponseDto.from(entry));
  }

  @Delete(':pattern')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Take an address or a domain off the allow-list',
    description: 'Its reports change the address again from then on; what was recorded while it was on the list is not applied again.',
  })
  @ApiResponse({ status: 204, description: 'The pattern was taken off the list' })
  @ApiErrorResponses(400, 404, 503)
  async delete(@Param() params: AllowListPatternParamDto): Promise<void> {
    await this.disallowPattern.execute(params.pattern);
  }
}
