import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ValidateInOrder } from './request-validation';
import { ToInteger } from './to-integer.transform';

/** `limit` (1..100, default 20) and `offset` (≥ 0, default 0) of every list. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Number of results', default: 20, minimum: 1, maximum: 100, example: 20 })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: 'must be an integer' }), Min(1), Max(100))
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', description: 'Pagination offset', default: 0, minimum: 0, example: 0 })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: 'must be an integer' }), Min(0), Max(Number.MAX_SAFE_INTEGER))
  offset: number = 0;
}
