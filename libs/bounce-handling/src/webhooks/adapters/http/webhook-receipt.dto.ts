import { ApiProperty } from '@nestjs/swagger';
import type { WebhookReceipt } from '../../application/webhook-receipt';

/** What became of the reports of one webhook request; `received` = `recorded` + `duplicates` + `ignored`. */
export class WebhookReceiptDto implements WebhookReceipt {
  @ApiProperty({
    type: 'integer',
    example: 1,
    description:
      'Reports in the request: one for a Mailgun webhook; one per element of a SendGrid batch; for an SNS message, one per recipient ' +
      'of an SES Bounce, Complaint or Delivery, 1 for any other SES event or a non-SES notification, 0 for a subscription message',
  })
  received!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Bounces and complaints stored now (and the policy applied to their addresses)' })
  recorded!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Re-deliveries of a report already stored under the same provider event id: nothing stored or applied again',
  })
  duplicates!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      'Everything that stored no bounce: event types that say nothing about the mailbox (opens, clicks, SendGrid `processed`, SES DeliveryDelay, …), ' +
      'reports without a usable recipient, reports the provider documents as no address failure (greylisting, a SendGrid `dropped` for a reason of ours, ' +
      '`not-spam` feedback), elements that are not objects, and deliveries (which reset the soft-bounce count but store no bounce)',
  })
  ignored!: number;
}
