import { ApiProperty } from '@nestjs/swagger';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS } from '../../../bounces/domain/bounce-classification/bounce-classification.facade';
import type { InboundMailReceipt } from '../../application/ingest-inbound-mail.use-case';
import { INBOUND_REPORT_KINDS, type InboundReport } from '../../domain/inbound-report';

/** One recipient's report, read from the message. */
export class InboundReportDto {
  @ApiProperty({ example: 'alice@example.com', description: 'The address the report is about (for an auto-reply, the address that answered)' })
  email!: string;

  @ApiProperty({
    enum: INBOUND_REPORT_KINDS,
    example: 'bounce',
    description:
      '`bounce`: a message to the address failed; `complaint`: an ARF feedback report; `delivery`: a DSN saying it was delivered, relayed or expanded ' +
      '(ends a run of soft bounces); `delayed`: the server still tries (nothing stored); `auto_reply`: an out-of-office or other automatic answer (nothing stored)',
  })
  kind!: string;

  @ApiProperty({
    enum: ['hard', 'soft', 'complaint'],
    nullable: true,
    example: 'hard',
    description: 'The type applied to the address; null for any other kind than bounce and complaint',
  })
  bounce_type!: string | null;

  @ApiProperty({
    enum: BOUNCE_REASONS,
    nullable: true,
    example: 'user_unknown',
    description: 'Why it bounced (or is delayed); null for a delivery or an auto-reply',
  })
  reason!: string | null;

  @ApiProperty({
    enum: BOUNCE_CATEGORIES,
    nullable: true,
    example: 'recipient',
    description: 'Whose fault it is; `sender`: the receiver refused the sender, not the address',
  })
  category!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '5.1.1', description: 'The enhanced status code (RFC 3463); null when the report gave none' })
  status!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown' })
  diagnostic_code!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'mx.example.com', description: 'The receiving server that answered, when the report names it' })
  remote_mta!: string | null;

  static from(report: InboundReport): InboundReportDto {
    return {
      email: report.email.value,
      kind: report.kind,
      bounce_type: report.kind === 'complaint' ? 'complaint' : report.bounceType,
      reason: report.cause?.reason ?? null,
      category: report.cause?.category ?? null,
      status: report.cause?.status ?? null,
      diagnostic_code: report.diagnosticCode,
      remote_mta: report.cause?.remoteMta ?? null,
    };
  }
}

/** What became of one received message; `received` = `recorded` + `duplicates` + `ignored`. */
export class InboundMailReceiptDto {
  @ApiProperty({ type: 'integer', example: 1, description: 'Reports in the message: one per recipient it names; 0 when it is no report' })
  received!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Bounces and complaints stored now (and the policy applied to their addresses); 0 on a dry run' })
  recorded!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Reports already stored from the same message (its `Message-ID`) for the same recipient' })
  duplicates!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Reports that stored no bounce: delays, auto-replies, deliveries (which reset the soft-bounce count), and every report of a dry run',
  })
  ignored!: number;

  @ApiProperty({ type: [InboundReportDto] })
  reports!: InboundReportDto[];

  static from(receipt: InboundMailReceipt): InboundMailReceiptDto {
    return {
      received: receipt.received,
      recorded: receipt.recorded,
      duplicates: receipt.duplicates,
      ignored: receipt.ignored,
      reports: receipt.reports.map((report) => InboundReportDto.from(report)),
    };
  }
}
