import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { OUTBOUND_EVENT_TYPES } from '../../../shared/domain/outbound-event';
import { MAX_ENDPOINT_URL_LENGTH } from '../../domain/endpoint-url';

/** The body of `POST /webhook-endpoints`. */
export class RegisterWebhookEndpointRequestDto {
  @ApiProperty({
    example: 'https://hooks.example.com/mailpass',
    maxLength: MAX_ENDPOINT_URL_LENGTH,
    description:
      'Where events are POSTed: an `https` URL without credentials whose host resolves to public addresses only (no loopback, private, link-local, CGNAT, multicast or unique-local address), checked now and before each delivery. `http` and private addresses are accepted only when the service runs with `OUTBOUND_WEBHOOKS_ALLOW_INSECURE=true`',
  })
  @ValidateInOrder(IsRequired(), IsString({ message: 'must be a string' }), MaxLength(MAX_ENDPOINT_URL_LENGTH))
  url!: string;

  @ApiProperty({
    type: [String],
    enum: OUTBOUND_EVENT_TYPES,
    minItems: 1,
    example: ['bounce.recorded', 'suppression.added'],
    description: 'The event types to receive, one or more (a repeated one counts once)',
  })
  @ValidateInOrder(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(OUTBOUND_EVENT_TYPES.length * 2),
    IsIn(OUTBOUND_EVENT_TYPES, { each: true, message: `each value in events must be one of: ${OUTBOUND_EVENT_TYPES.join(', ')}` }),
  )
  events!: string[];
}
