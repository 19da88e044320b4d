import { Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { GetWebhooksStatus } from '../../application/get-webhooks-status.use-case';
import { WebhooksStatusResponseDto } from './webhooks-status-response.dto';

@ApiTags('webhooks')
@BounceHandlingController('api/v1/webhooks/status')
@RequirePermission('subscribers')
export class WebhooksStatusController {
  constructor(private readonly getWebhooksStatus: GetWebhooksStatus) {}

  @Get()
  @ApiOperation({
    summary: 'Whether each provider webhook works',
    description:
      'For each provider: whether it is configured, how many requests its webhook accepted and refused, when it last ' +
      'accepted one, and when and why it last refused one. Counted by every instance of the service and kept across ' +
      'restarts; a request just answered by this instance is included, one answered by another within the last second may not be yet.',
  })
  @ApiSuccessResponse(200, WebhooksStatusResponseDto, 'Every provider, in a fixed order')
  @ApiErrorResponses(503)
  async status(): Promise<ApiSuccess<WebhooksStatusResponseDto>> {
    return ok(WebhooksStatusResponseDto.from(await this.getWebhooksStatus.execute()));
  }
}
