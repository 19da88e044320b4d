import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339OrNull } from '../../../shared/adapters/http/rfc3339';
import type { WebhookStatus } from '../../application/get-webhooks-status.use-case';
import { MAX_REFUSAL_MESSAGE_LENGTH, WEBHOOK_PROVIDERS, WEBHOOK_REFUSAL_REASONS, type WebhookRefusalReason } from '../../domain/webhook-activity';
import { WEBHOOK_PROVIDER_DEFINITIONS } from '../../webhook-providers';
import { webhookPath } from './webhook-controller.decorator';

/** Each provider's required setting, by its variable: `SES: SES_TOPIC_ARNS; Mailgun: …`. */
const REQUIRED_SETTINGS_DESCRIBED = WEBHOOK_PROVIDER_DEFINITIONS.map(
  ({ displayName, settings }) =>
    `${displayName}: ${settings
      .filter((setting) => setting.required)
      .map((setting) => setting.variable)
      .join(', ')}`,
).join('; ');

const REASONS_DESCRIBED = Object.entries(WEBHOOK_REFUSAL_REASONS)
  .map(([reason, meaning]) => `\`${reason}\`: ${meaning}`)
  .join('; ');

export class WebhookRefusalDto {
  @ApiProperty({ enum: Object.keys(WEBHOOK_REFUSAL_REASONS), example: 'bad_signature', description: `Why it was refused — ${REASONS_DESCRIBED}` })
  reason!: WebhookRefusalReason;

  @ApiProperty({ type: 'integer', example: 401, description: 'The HTTP status it was answered with' })
  status!: number;

  @ApiProperty({
    example: 'The Mailgun signature does not match',
    description: `The error message it was answered with (up to ${MAX_REFUSAL_MESSAGE_LENGTH} characters)`,
  })
  message!: string;
}

/** One provider's webhook: whether it is set up, and what it has answered (every instance, since it was installed). */
export class WebhookProviderStatusDto {
  @ApiProperty({ enum: WEBHOOK_PROVIDERS, example: 'mailgun' })
  provider!: string;

  @ApiProperty({ example: '/api/v1/webhooks/mailgun', description: 'Where the provider posts' })
  path!: string;

  @ApiProperty({
    example: true,
    description: `Whether its required setting is made (${REQUIRED_SETTINGS_DESCRIBED}); if not, every request is refused with 503`,
  })
  configured!: boolean;

  @ApiProperty({ type: 'integer', example: 1250, description: 'Requests answered 2xx' })
  accepted!: number;

  @ApiProperty({
    type: 'integer',
    example: 1,
    description:
      'Requests answered 4xx, or 503 because the webhook is not configured. A 5xx that asks the provider to retry (database or AWS unreachable) is counted as neither',
  })
  refused!: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-03-01T10:00:00Z', description: 'RFC 3339, UTC; null when none was accepted' })
  last_accepted_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-03-01T09:58:12Z', description: 'RFC 3339, UTC; null when none was refused' })
  last_refused_at!: string | null;

  @ApiProperty({ type: WebhookRefusalDto, nullable: true, description: 'Why the latest refused request was refused; null when none was' })
  last_refusal!: WebhookRefusalDto | null;

  static from({ provider, configured, activity }: WebhookStatus): WebhookProviderStatusDto {
    return {
      provider,
      path: webhookPath(provider),
      configured,
      accepted: activity.accepted,
      refused: activity.refused,
      last_accepted_at: toRfc3339OrNull(activity.lastAcceptedAt),
      last_refused_at: toRfc3339OrNull(activity.lastRefusedAt),
      last_refusal: activity.lastRefusal === null ? null : { ...activity.lastRefusal },
    };
  }
}

export class WebhooksStatusResponseDto {
  @ApiProperty({ type: [WebhookProviderStatusDto], description: `Every provider, always in this order: ${WEBHOOK_PROVIDERS.join(', ')}` })
  providers!: WebhookProviderStatusDto[];

  static from(statuses: readonly WebhookStatus[]): WebhooksStatusResponseDto {
    return { providers: statuses.map((status) => WebhookProviderStatusDto.from(status)) };
  }
}
