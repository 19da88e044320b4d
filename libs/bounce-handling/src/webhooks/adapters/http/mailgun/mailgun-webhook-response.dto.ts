import { ApiProperty } from '@nestjs/swagger';
import type { IngestOutcome } from '../../../../bounces/application/bounces.facade';

/** What became of the events of one webhook; `received` = `recorded` + `duplicates` + `ignored`. */
export class MailgunWebhookResponseDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Events in the request (a Mailgun webhook carries one)' })
  received!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Bounces and complaints stored (and the policy applied)' })
  recorded!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Re-deliveries of an event already stored: nothing stored or applied again' })
  duplicates!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description:
      'Events that stored nothing: event types that are not about deliverability (opened, clicked, accepted, …), ' +
      'events without a usable recipient, greylisting, and delivery reports (which reset the soft-bounce count but store no bounce)',
  })
  ignored!: number;

  static of(received: number, outcomes: readonly IngestOutcome[]): MailgunWebhookResponseDto {
    const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
    const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
    return { received, recorded, duplicates, ignored: received - recorded - duplicates };
  }
}
