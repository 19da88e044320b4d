import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { ListWebhookDeliveries, RetryWebhookDelivery } from '../../application/webhook-deliveries.use-cases';
import type { WebhookDeliveryStatus } from '../../domain/webhook-delivery';
import { WebhookEndpointIdParamDto } from './webhook-endpoint-id-param.dto';
import {
  ListWebhookDeliveriesQueryDto,
  WebhookDeliveryListResponseDto,
  WebhookDeliveryParamsDto,
  WebhookDeliveryRetryResponseDto,
} from './webhook-deliveries.dto';

const DELIVERY_EXAMPLE = {
  id: 42,
  event_id: 7,
  event_type: 'bounce.recorded',
  status: 'delivered',
  attempts: 1,
  last_status_code: 200,
  last_error: null,
  last_latency_ms: 84,
  next_attempt_at: null,
  delivered_at: '2026-01-10T12:00:01Z',
  created_at: '2026-01-10T12:00:00Z',
};

@ApiTags('webhook-endpoints')
@BounceHandlingController('api/v1/webhook-endpoints')
@RequirePermission('webhooks')
export class WebhookDeliveriesController {
  constructor(
    private readonly listDeliveries: ListWebhookDeliveries,
    private readonly retryDelivery: RetryWebhookDelivery,
  ) {}

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "An endpoint's delivery log, newest first",
    description: 'One delivery per event sent to the endpoint: its status, attempts, and the status code, error and latency of its last attempt.',
  })
  @ApiSuccessResponse(200, WebhookDeliveryListResponseDto, 'A page of deliveries and the exact total', {
    deliveries: [DELIVERY_EXAMPLE],
    total: 1,
    limit: 20,
    offset: 0,
  })
  @ApiErrorResponses(400, 404, 503)
  async list(@Param() params: WebhookEndpointIdParamDto, @Query() query: ListWebhookDeliveriesQueryDto): Promise<ApiSuccess<WebhookDeliveryListResponseDto>> {
    const statuses = (query.status as WebhookDeliveryStatus[] | undefined) ?? null;
    return ok(WebhookDeliveryListResponseDto.from(await this.listDeliveries.execute(params.id, statuses, { limit: query.limit, offset: query.offset })));
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a delivery again now',
    description:
      'The delivery becomes pending and due at once, whatever its status: a dead one is revived, a delivered one sent again with the same `webhook-id`. Failing, it is retried on the usual schedule, which gives up 24 h after the event.',
  })
  @ApiSuccessResponse(202, WebhookDeliveryRetryResponseDto, 'The delivery is due', { id: 42, status: 'pending' })
  @ApiErrorResponses(400, 404, 503)
  async retry(@Param() params: WebhookDeliveryParamsDto): Promise<ApiSuccess<WebhookDeliveryRetryResponseDto>> {
    await this.retryDelivery.execute(params.id, params.deliveryId);
    return ok({ id: params.deliveryId, status: 'pending' });
  }
}
