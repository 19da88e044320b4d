import { ApiProperty } from '@nestjs/swagger';
import { toRfc3339 } from '../../../shared/adapters/http/rfc3339';
import type { Page } from '../../../shared/application/page';
import type { AllowListEntry } from '../../domain/allow-list-entry';
import { ALLOW_LIST_PATTERN_KINDS } from '../../domain/allow-list-pattern';

/** An entry of the allow-list: these fields and no others. */
export class AllowListEntryResponseDto {
  @ApiProperty({ example: '@example.com', description: 'Trimmed and lower-cased: `someone@example.com` or `@example.com`' })
  pattern!: string;

  @ApiProperty({ enum: ALLOW_LIST_PATTERN_KINDS, example: 'domain', description: '`address`: that address; `domain`: every address of that domain exactly' })
  kind!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Test domain of the staging platform' })
  note!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'deliverability-team',
    description: 'The name of the API key that added it; null when added in-process',
  })
  added_by!: string | null;

  @ApiProperty({ example: '2026-01-10T12:00:00Z', description: 'RFC 3339, UTC; when it was added' })
  created_at!: string;

  static from(entry: AllowListEntry): AllowListEntryResponseDto {
    return { pattern: entry.pattern, kind: entry.kind, note: entry.note, added_by: entry.addedBy, created_at: toRfc3339(entry.createdAt) };
  }
}

export class AllowListResponseDto {
  @ApiProperty({ type: [AllowListEntryResponseDto] })
  items!: AllowListEntryResponseDto[];

  @ApiProperty({ type: 'integer', example: 2, description: 'Exact number of entries' })
  total!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', example: 0 })
  offset!: number;

  static from(page: Page<AllowListEntry>): AllowListResponseDto {
    return { items: page.items.map(AllowListEntryResponseDto.from), total: page.total, limit: page.limit, offset: page.offset };
  }
}
