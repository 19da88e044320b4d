import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `limit` (1..100, default 20) and `offset` (≥ 0, default 0) of every list. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Number of results', default: 20, minimum: 1, maximum: 100, example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Pagination offset', default: 0, minimum: 0, example: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;
}
