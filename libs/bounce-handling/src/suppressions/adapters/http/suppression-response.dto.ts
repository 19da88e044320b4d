import { ApiProperty } from '@nestjs/swagger';
import { encodePageCursor } from '../../../shared/adapters/http/page-cursor';
import { toRfc3339OrNull } from '../../../shared/adapters/http/rfc3339';
import type { KeysetPage } from '../../../shared/application/page';
import { ADDRESS_STATUSES, isSuppressed, SUPPRESSION_ORIGINS, SUPPRESSION_REASONS } from '../../../shared/domain/address-status';
import type { AddSuppressionResult, RemoveSuppressionResult, Suppression } from '../../domain/suppression';

const SUPPRESSED_STATUSES = ADDRESS_STATUSES.filter(isSuppressed);

/** An address on the suppression list: these fields and no others. */
export class SuppressionResponseDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Trimmed and lower-cased' })
  email!: string;

  @ApiProperty({ enum: SUPPRESSED_STATUSES, example: 'bounced' })
  status!: string;

  @ApiProperty({
    enum: SUPPRESSION_ORIGINS,
    nullable: true,
    example: 'bounce',
    description: 'Where the suppression came from: a bounce, a complaint, an operator (`manual`) or an imported list (`import`); null when not known',
  })
  origin!: string | null;

  @ApiProperty({
    enum: SUPPRESSION_REASONS,
    nullable: true,
    example: 'hard-bounce',
    description: 'What suppressed it: a hard bounce, the soft-bounce threshold, a complaint, `manual` or `import`; null when not known',
  })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The note given when it was added to the list; null otherwise' })
  note!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Its subscriber; null when the address has none (it is suppressed all the same)' })
  subscriber_id!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-01-10T12:00:00Z',
    description: 'RFC 3339, UTC: when the address took this status; null when not known',
  })
  suppressed_at!: string | null;

  static from(suppression: Suppression): SuppressionResponseDto {
    return {
      email: suppression.email,
      status: suppression.status,
      origin: suppression.origin,
      reason: suppression.reason,
      note: suppression.note,
      subscriber_id: suppression.subscriberId,
      suppressed_at: toRfc3339OrNull(suppression.suppressedAt),
    };
  }
}

export class SuppressionListResponseDto {
  @ApiProperty({ type: [SuppressionResponseDto] })
  suppressions!: SuppressionResponseDto[];

  @ApiProperty({ type: 'integer', example: 50, description: 'Exact number of suppressions matching the filters' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'The offset asked for; 0 when the page was asked for by `cursor`' })
  offset!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIyMDI2LTAxLTEwVDEyOjAwOjAwLjAwMDAwMFoiLCJqb2huLmRvZUBleGFtcGxlLmNvbSJd',
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  next_cursor!: string | null;

  static from(page: KeysetPage<Suppression>): SuppressionListResponseDto {
    return {
      suppressions: page.items.map(SuppressionResponseDto.from),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
      next_cursor: page.next === null ? null : encodePageCursor(page.next),
    };
  }
}

export class AddSuppressionResultDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Trimmed and lower-cased when valid; as sent otherwise' })
  email!: string;

  @ApiProperty({ enum: ['added', 'already_suppressed', 'invalid'], example: 'added' })
  result!: string;

  @ApiProperty({
    enum: SUPPRESSED_STATUSES,
    nullable: true,
    example: 'unsubscribed',
    description: 'The address’s status after the call; null for an invalid entry',
  })
  status!: string | null;

  static from(result: AddSuppressionResult): AddSuppressionResultDto {
    return { email: result.email, result: result.result, status: result.status };
  }
}

export class AddSuppressionsResponseDto {
  @ApiProperty({
    type: [AddSuppressionResultDto],
    description: 'One result per entry, in the order sent',
    example: [
      { email: 'john.doe@example.com', result: 'added', status: 'unsubscribed' },
      { email: 'invalid@example.com', result: 'already_suppressed', status: 'bounced' },
      { email: 'not an address', result: 'invalid', status: null },
    ],
  })
  results!: AddSuppressionResultDto[];

  static from(results: readonly AddSuppressionResult[]): AddSuppressionsResponseDto {
    return { results: results.map(AddSuppressionResultDto.from) };
  }
}

export class RemoveSuppressionResultDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Trimmed and lower-cased' })
  email!: string;

  @ApiProperty({ enum: ['removed', 'not_suppressed', 'kept_complaint'], example: 'removed' })
  result!: string;

  static from(result: RemoveSuppressionResult): RemoveSuppressionResultDto {
    return { email: result.email, result: result.result };
  }
}

export class RemoveSuppressionsResponseDto {
  @ApiProperty({
    type: [RemoveSuppressionResultDto],
    description: 'One result per address, in the order sent',
    example: [
      { email: 'invalid@example.com', result: 'removed' },
      { email: 'complained@example.com', result: 'kept_complaint' },
      { email: 'john.doe@example.com', result: 'not_suppressed' },
    ],
  })
  results!: RemoveSuppressionResultDto[];

  static from(results: readonly RemoveSuppressionResult[]): RemoveSuppressionsResponseDto {
    return { results: results.map(RemoveSuppressionResultDto.from) };
  }
}
