import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import { OUTBOUND_EVENT_TYPES } from '../../../shared/domain/outbound-event';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../domain/webhook-endpoint';

/** A registered endpoint: these fields and no others (never its secret). */
export class WebhookEndpointResponseDto {
  @ApiProperty({ type: 'integer', example: 1 })
  id!: number;

  @ApiProperty({ example: 'https://hooks.example.com/mailpass', description: 'As parsed: scheme and host lower-cased' })
  url!: string;

  @ApiProperty({ type: [String], enum: OUTBOUND_EVENT_TYPES, example: ['bounce.recorded', 'suppression.added'], description: 'The event types it receives' })
  events!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ops-console',
    description: 'The name of the API key that registered it; null when registered in-process',
  })
  created_by!: string | null;

  @ApiProperty({ example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC; it receives the events of changes made from then on' })
  created_at!: string;

  static from(endpoint: WebhookEndpoint): WebhookEndpointResponseDto {
    return { id: endpoint.id, url: endpoint.url, events: [...endpoint.events], created_by: endpoint.createdBy, created_at: toRfc3339(endpoint.createdAt) };
  }
}

/** The answer of registration: the endpoint and its signing secret, shown this once. */
export class RegisteredWebhookEndpointResponseDto extends WebhookEndpointResponseDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6rI8Pj0aMzE=',
    description:
      'The signing secret, `whsec_` and the base64 of 32 random bytes (Standard Webhooks): each delivery carries `webhook-signature: v1,<base64 HMAC-SHA256>` keyed with the decoded bytes. Shown only in this answer: keep it',
  })
  secret!: string;

  static fromRegistered(endpoint: WebhookEndpointWithSecret): RegisteredWebhookEndpointResponseDto {
    return { ...WebhookEndpointResponseDto.from(endpoint), secret: endpoint.secret };
  }
}

export class WebhookEndpointListResponseDto {
  @ApiProperty({ type: [WebhookEndpointResponseDto] })
  endpoints!: WebhookEndpointResponseDto[];

  @ApiProperty({ type: 'integer', example: 1, description: 'Exact number of registered endpoints' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<WebhookEndpoint>): WebhookEndpointListResponseDto {
    return { endpoints: page.items.map(WebhookEndpointResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}
