import { ApiProperty } from '@nestjs/swagger';

/** What became of a SendGrid batch; `received` = `recorded` + `duplicates` + `ignored`. */
export class SendGridWebhookResultDto {
  @ApiProperty({ type: 'integer', example: 3, description: 'Elements in the posted array' })
  received!: number;

  @ApiProperty({ type: 'integer', example: 2, description: 'Bounces and complaints stored now (and applied to their addresses)' })
  recorded!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Bounces and complaints already stored under the same `sg_event_id` (re-deliveries): nothing stored or applied again' })
  duplicates!: number;

  @ApiProperty({
    type: 'integer',
    example: 1,
    description:
      'Everything that stored no bounce: event types that say nothing about the mailbox (`processed`, `deferred`, `open`, `click`, ' +
      '`unsubscribe`, …), `dropped` for reasons of ours, elements that are not objects or name no usable address, ' +
      'and `delivered` reports (which store nothing but end a run of soft bounces)',
  })
  ignored!: number;
}
