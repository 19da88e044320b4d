import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { MAX_PAGE_CURSOR_LENGTH } from './page-cursor';
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

/**
 * `limit`, and either `offset` (the spec's paging) or `cursor` (deep pages: the `next_cursor` of
 * the page before). Both at once are refused, naming `cursor`. `offset` is undefined when not
 * given, so that a list can tell "offset 0" from "no offset".
 */
export class KeysetPaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', description: 'Number of results', default: 20, minimum: 1, maximum: 100, example: 20 })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: 'must be an integer' }), Min(1), Max(100))
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', description: 'Pagination offset (not with `cursor`)', default: 0, minimum: 0, example: 0 })
  @IsOptional()
  @ToInteger()
  @ValidateInOrder(IsInt({ message: 'must be an integer' }), Min(0), Max(Number.MAX_SAFE_INTEGER))
  offset?: number;

  @ApiPropertyOptional({
    type: 'string',
    description: "Where the page starts: the previous page's `next_cursor` (not with `offset`). Its cost does not grow with the depth.",
    maxLength: MAX_PAGE_CURSOR_LENGTH,
  })
  @IsOptional()
  @ValidateInOrder(
    IsString({ message: 'must be a string' }),
    ValidateBy({
      name: 'notWithOffset',
      validator: {
        validate: (_cursor, args) => (args?.object as KeysetPaginationQueryDto).offset === undefined,
        defaultMessage: () => 'cannot be used with offset',
      },
    }),
  )
  cursor?: string;
}
