import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentApiKey } from '../../../auth/adapters/http/current-api-key.decorator';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { BounceListResponseDto } from '../../../bounces/adapters/http/bounce-response.dto';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { CreateSubscriber } from '../../application/create-subscriber.use-case';
import { GetSubscriber } from '../../application/get-subscriber.use-case';
import { ListSubscriberBounces } from '../../application/list-subscriber-bounces.use-case';
import { ListSubscriberHistory } from '../../application/list-subscriber-history.use-case';
import { ListSubscribers } from '../../application/list-subscribers.use-case';
import { ReactivateSubscriber } from '../../application/reactivate-subscriber.use-case';
import { CreateSubscriberRequestDto } from './create-subscriber-request.dto';
import { ListSubscribersQueryDto } from './list-subscribers-query.dto';
import { SubscriberHistoryResponseDto } from './subscriber-history-response.dto';
import { SubscriberIdParamDto } from './subscriber-id-param.dto';
import { SubscriberDetailsResponseDto, SubscriberListResponseDto, SubscriberResponseDto } from './subscriber-response.dto';

@ApiTags('subscribers')
@BounceHandlingController('api/v1/subscribers')
@RequirePermission('subscribers')
export class SubscribersController {
  constructor(
    private readonly createSubscriber: CreateSubscriber,
    private readonly listSubscribers: ListSubscribers,
    private readonly getSubscriber: GetSubscriber,
    private readonly listSubscriberBounces: ListSubscriberBounces,
    private readonly reactivateSubscriber: ReactivateSubscriber,
    private readonly listSubscriberHistory: ListSubscriberHistory,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a subscriber',
    description:
      'An address that bounced or complained before it had a subscriber starts with that status (`bounced` or `unsubscribed`) and its run of soft bounces; its earlier bounces become the subscriber’s.',
  })
  @ApiBody({
    type: CreateSubscriberRequestDto,
    examples: {
      named: { value: { email: 'john.doe@example.com', name: 'John Doe' } },
      anonymous: { value: { email: 'jane@example.com' } },
    },
  })
  @ApiSuccessResponse(201, SubscriberResponseDto, 'The subscriber, with the status its address already had')
  @ApiErrorResponses(400, 409, 413, 415, 503)
  async create(@Body() body: CreateSubscriberRequestDto): Promise<ApiSuccess<SubscriberResponseDto>> {
    return ok(SubscriberResponseDto.from(await this.createSubscriber.execute({ email: body.email, name: body.name ?? null })));
  }

  @Get()
  @ApiOperation({ summary: 'List subscribers, newest first', description: 'Optionally only those of one status, e.g. `bounced` to clean a list.' })
  @ApiSuccessResponse(200, SubscriberListResponseDto, 'A page of subscribers and the exact total')
  @ApiErrorResponses(400, 503)
  async list(@Query() query: ListSubscribersQueryDto): Promise<ApiSuccess<SubscriberListResponseDto>> {
    const page = await this.listSubscribers.execute({ status: query.status }, { limit: query.limit, offset: query.offset });
    return ok(SubscriberListResponseDto.from(page));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a subscriber, with its most recent bounce' })
  @ApiSuccessResponse(200, SubscriberDetailsResponseDto, 'The subscriber and its last bounce (null when it never bounced)')
  @ApiErrorResponses(400, 404, 503)
  async get(@Param() params: SubscriberIdParamDto): Promise<ApiSuccess<SubscriberDetailsResponseDto>> {
    return ok(SubscriberDetailsResponseDto.fromDetails(await this.getSubscriber.execute(params.id)));
  }

  @Get(':id/bounces')
  @ApiOperation({ summary: 'List a subscriber’s bounces, newest first', description: 'Including those recorded for its address before it was added.' })
  @ApiSuccessResponse(200, BounceListResponseDto, 'A page of the subscriber’s bounces and their exact total')
  @ApiErrorResponses(400, 404, 503)
  async bounces(@Param() params: SubscriberIdParamDto, @Query() query: PaginationQueryDto): Promise<ApiSuccess<BounceListResponseDto>> {
    return ok(BounceListResponseDto.from(await this.listSubscriberBounces.execute(params.id, { limit: query.limit, offset: query.offset })));
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'List the changes of a subscriber’s status, newest first',
    description:
      'Every change of its address’s status — the policy’s, re-activations, additions to and removals from the suppression list — with its reason, the API key’s name of an operator’s change, and the bounce that caused it; including those made before the subscriber was added.',
  })
  @ApiSuccessResponse(200, SubscriberHistoryResponseDto, 'A page of the changes and their exact total')
  @ApiErrorResponses(400, 404, 503)
  async history(@Param() params: SubscriberIdParamDto, @Query() query: PaginationQueryDto): Promise<ApiSuccess<SubscriberHistoryResponseDto>> {
    return ok(SubscriberHistoryResponseDto.from(await this.listSubscriberHistory.execute(params.id, { limit: query.limit, offset: query.offset })));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-activate a subscriber',
    description:
      'An operator’s decision that the address may be mailed again: status `active` and a new run of soft bounces. A change of status is recorded with the API key’s name and published to status-change listeners.',
  })
  @ApiSuccessResponse(200, SubscriberResponseDto, 'The re-activated subscriber')
  @ApiErrorResponses(400, 404, 503)
  async reactivate(@Param() params: SubscriberIdParamDto, @CurrentApiKey() apiKey: { readonly name: string }): Promise<ApiSuccess<SubscriberResponseDto>> {
    return ok(SubscriberResponseDto.from(await this.reactivateSubscriber.execute({ subscriberId: params.id, actor: apiKey.name })));
  }
}
