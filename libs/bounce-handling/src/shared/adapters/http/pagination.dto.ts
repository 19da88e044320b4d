import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Decimal digits only become numbers: `1e1`, `0x10`, ` 5` or `+5` stay text and are refused. */
const digitsToNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value);

/** `limit` (1..100, default 20) and `offset` (≥ 0, default 0) of every list. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Number of results', default: 20, minimum: 1, maximum: 100, example: 20 })
  @Transform(digitsToNumber)
  @Min(1)
  @Max(100)
  @IsInt() // checked first (decorators apply bottom-up): text is "not an integer", not "greater than 100"
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Pagination offset', default: 0, minimum: 0, example: 0 })
  @Transform(digitsToNumber)
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  @IsInt()
  offset: number = 0;
}
