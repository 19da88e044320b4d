import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentApiKey } from '../../../auth/adapters/http/current-api-key.decorator';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { decodePageCursor } from '../../../shared/adapters/http/page-cursor';
import { RequestValidationException } from '../../../shared/adapters/http/request-validation';
import { isStorableText } from '../../../shared/adapters/http/storable-text.validator';
import type { KeysetPageRequest } from '../../../shared/application/page';
import type { SuppressedStatus, SuppressionOrigin, SuppressionReason } from '../../../shared/domain/address-status';
import { AddSuppressions } from '../../application/add-suppressions.use-case';
import { ListSuppressions } from '../../application/list-suppressions.use-case';
import { RemoveSuppressions } from '../../application/remove-suppressions.use-case';
import type { SuppressionFilter } from '../../domain/suppression';
import { AddSuppressionsRequestDto } from './add-suppressions-request.dto';
import { ListSuppressionsQueryDto } from './list-suppressions-query.dto';
import { instantOfRfc3339 } from './query-list.transform';
import { RemoveSuppressionsRequestDto } from './remove-suppressions-request.dto';
import { AddSuppressionsResponseDto, RemoveSuppressionsResponseDto, SuppressionListResponseDto } from './suppression-response.dto';

/** The suppression list as a resource: read it, add to it, remove from it (the sendability check is `SuppressionsController`'s). */
@ApiTags('suppressions')
@BounceHandlingController('api/v1/suppressions')
@RequirePermission('subscribers')
export class SuppressionListController {
  constructor(
    private readonly listSuppressions: ListSuppressions,
    private readonly addSuppressions: AddSuppressions,
    private readonly removeSuppressions: RemoveSuppressions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the suppressed addresses, newest suppression first',
    description:
      'Every address that may not be mailed now, with a subscriber or not (a suppression by the soft threshold that has lapsed is not on it). Filters narrow the list (a comma list matches any of its values); `from` ≤ `suppressed_at` < `to`. Page by `offset`, or by `cursor` (the `next_cursor` of the page before) for deep pages; not both.',
  })
  @ApiSuccessResponse(200, SuppressionListResponseDto, 'A page of suppressions, the exact total matching the filters and the next page’s cursor')
  @ApiErrorResponses(400, 503)
  async list(@Query() query: ListSuppressionsQueryDto): Promise<ApiSuccess<SuppressionListResponseDto>> {
    return ok(SuppressionListResponseDto.from(await this.listSuppressions.execute(filterOf(query), pageOf(query))));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add addresses to the suppression list',
    description:
      'Origin `manual`, in one transaction. An active address takes the status; `unsubscribed` (a person’s wish) takes precedence over `bounced`: adding it to a bounced address makes it unsubscribed, while adding `bounced` to an unsubscribed address leaves it so (`already_suppressed`). A string that is no valid address is `invalid`, not refused. Each change of status is recorded with the API key’s name and published to status-change listeners.',
  })
  @ApiBody({
    type: AddSuppressionsRequestDto,
    examples: {
      mixed: {
        value: {
          entries: [
            { email: 'john.doe@example.com', status: 'unsubscribed', note: 'Asked by phone, ticket 4711' },
            { email: 'invalid@example.com', status: 'bounced' },
            { email: 'not an address', status: 'bounced' },
          ],
        },
      },
    },
  })
  @ApiSuccessResponse(200, AddSuppressionsResponseDto, 'One result per entry, in the order sent')
  @ApiErrorResponses(400, 413, 415, 503)
  async add(@Body() body: AddSuppressionsRequestDto, @CurrentApiKey() apiKey: { readonly name: string }): Promise<ApiSuccess<AddSuppressionsResponseDto>> {
    const entries = body.entries.map((entry) => ({ email: entry.email, status: entry.status, note: entry.note ?? null }));
    return ok(AddSuppressionsResponseDto.from(await this.addSuppressions.execute({ entries, origin: 'manual', actor: apiKey.name })));
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove addresses from the suppression list',
    description:
      'A removal is a re-activation: status `active` and a new run of soft bounces, recorded with the API key’s name and published to status-change listeners, in one transaction. An address that complained or is unsubscribed (a person’s own wish) is kept (`kept_complaint`) unless `include_complaints` is true.',
  })
  @ApiBody({
    type: RemoveSuppressionsRequestDto,
    examples: {
      bounces: { value: { emails: ['invalid@example.com', 'complained@example.com', 'john.doe@example.com'] } },
      everything: { value: { emails: ['complained@example.com'], include_complaints: true } },
    },
  })
  @ApiSuccessResponse(200, RemoveSuppressionsResponseDto, 'One result per address, in the order sent')
  @ApiErrorResponses(400, 413, 415, 503)
  async remove(
    @Body() body: RemoveSuppressionsRequestDto,
    @CurrentApiKey() apiKey: { readonly name: string },
  ): Promise<ApiSuccess<RemoveSuppressionsResponseDto>> {
    const results = await this.removeSuppressions.execute({ emails: body.emails, includeComplaints: body.include_complaints ?? false, actor: apiKey.name });
    return ok(RemoveSuppressionsResponseDto.from(results));
  }
}

/** The DTO's values are checked: what remains is turning them into the domain's filter. */
function filterOf(query: ListSuppressionsQueryDto): SuppressionFilter {
  return {
    emails: query.email,
    domains: query.domain,
    statuses: query.status as SuppressedStatus[] | undefined,
    reasons: query.reason as SuppressionReason[] | undefined,
    origins: query.origin as SuppressionOrigin[] | undefined,
    from: query.from === undefined ? undefined : (instantOfRfc3339(query.from) ?? undefined),
    to: query.to === undefined ? undefined : (instantOfRfc3339(query.to) ?? undefined),
  };
}

/** The window asked for; a cursor this list could not have given is refused, naming `cursor`. */
function pageOf(query: ListSuppressionsQueryDto): KeysetPageRequest {
  if (query.cursor === undefined) return { limit: query.limit, offset: query.offset ?? 0 };
  const position = decodePageCursor(query.cursor, 2);
  if (
    position === null ||
    typeof position[0] !== 'string' ||
    instantOfRfc3339(position[0]) === null ||
    typeof position[1] !== 'string' ||
    !isStorableText(position[1])
  ) {
    throw new RequestValidationException([{ field: 'cursor', message: 'must be a next_cursor this list gave' }]);
  }
  return { limit: query.limit, after: position };
}
