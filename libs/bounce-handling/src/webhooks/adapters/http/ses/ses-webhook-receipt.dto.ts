import { ApiProperty } from '@nestjs/swagger';

/** What became of the reports of one SNS message. */
export class SesWebhookReceiptDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Reports in the message: one per recipient of a Bounce, Complaint or Delivery; 1 for any other SES event or a non-SES notification; 0 for a subscription message' })
  received!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Bounces and complaints stored now' })
  recorded!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Reports stored before (a re-delivery by SNS)' })
  duplicates!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      'The rest: event types not used (DeliveryDelay, Send, Open…), recipients without a usable address, `not-spam` feedback, and deliveries (which reset the soft-bounce count but store no bounce)',
  })
  ignored!: number;
}
