import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentApiKey } from '../../../auth/adapters/http/current-api-key.decorator';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { DeleteWebhookEndpoint } from '../../application/delete-webhook-endpoint.use-case';
import { GetWebhookEndpoint } from '../../application/get-webhook-endpoint.use-case';
import { ListWebhookEndpoints } from '../../application/list-webhook-endpoints.use-case';
import { RegisterWebhookEndpoint } from '../../application/register-webhook-endpoint.use-case';
import { RegisterWebhookEndpointRequestDto } from './register-webhook-endpoint-request.dto';
import { WebhookEndpointIdParamDto } from './webhook-endpoint-id-param.dto';
import { RegisteredWebhookEndpointResponseDto, WebhookEndpointListResponseDto, WebhookEndpointResponseDto } from './webhook-endpoint-response.dto';

const ENDPOINT_EXAMPLE = {
  id: 1,
  url: 'https://hooks.example.com/mailpass',
  events: ['bounce.recorded', 'suppression.added'],
  created_by: 'ops-console',
  created_at: '2026-01-10T12:00:00Z',
};

@ApiTags('webhook-endpoints')
@BounceHandlingController('api/v1/webhook-endpoints')
@RequirePermission('webhooks')
export class WebhookEndpointsController {
  constructor(
    private readonly registerEndpoint: RegisterWebhookEndpoint,
    private readonly listEndpoints: ListWebhookEndpoints,
    private readonly getEndpoint: GetWebhookEndpoint,
    private readonly deleteEndpoint: DeleteWebhookEndpoint,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint for outbound events',
    description:
      'Events of the chosen types are POSTed to the URL, signed as the Standard Webhooks specification says, at least once. The endpoint receives the events of changes committed after its registration, never earlier ones. The answer carries the signing secret, which no other answer shows.',
  })
  @ApiSuccessResponse(201, RegisteredWebhookEndpointResponseDto, 'The endpoint, with its signing secret (shown only here)', {
    ...ENDPOINT_EXAMPLE,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6rI8Pj0aMzE=',
  })
  @ApiErrorResponses(400, 413, 415, 503)
  async register(
    @Body() body: RegisterWebhookEndpointRequestDto,
    @CurrentApiKey() apiKey: { readonly name: string },
  ): Promise<ApiSuccess<RegisteredWebhookEndpointResponseDto>> {
    const endpoint = await this.registerEndpoint.execute({ url: body.url, events: body.events, createdBy: apiKey.name });
    return ok(RegisteredWebhookEndpointResponseDto.fromRegistered(endpoint));
  }

  @Get()
  @ApiOperation({ summary: 'List the registered endpoints, newest first', description: 'Deleted endpoints are left out; secrets are never shown.' })
  @ApiSuccessResponse(200, WebhookEndpointListResponseDto, 'A page of endpoints and the exact total', {
    endpoints: [ENDPOINT_EXAMPLE],
    total: 1,
    limit: 20,
    offset: 0,
  })
  @ApiErrorResponses(400, 503)
  async list(@Query() query: PaginationQueryDto): Promise<ApiSuccess<WebhookEndpointListResponseDto>> {
    return ok(WebhookEndpointListResponseDto.from(await this.listEndpoints.execute({ limit: query.limit, offset: query.offset })));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a registered endpoint', description: 'Without its secret.' })
  @ApiSuccessResponse(200, WebhookEndpointResponseDto, 'The endpoint', ENDPOINT_EXAMPLE)
  @ApiErrorResponses(400, 404, 503)
  async get(@Param() params: WebhookEndpointIdParamDto): Promise<ApiSuccess<WebhookEndpointResponseDto>> {
    return ok(WebhookEndpointResponseDto.from(await this.getEndpoint.execute(params.id)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an endpoint',
    description: 'Nothing more is sent to it: its pending deliveries are cancelled, and later events are not written for it.',
  })
  @ApiResponse({ status: 204, description: 'The endpoint was deleted' })
  @ApiErrorResponses(400, 404, 503)
  async delete(@Param() params: WebhookEndpointIdParamDto): Promise<void> {
    await this.deleteEndpoint.execute(params.id);
  }
}
