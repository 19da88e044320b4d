import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const MESSAGE = 'must be a positive integer';

/** The `{id}` of a subscriber's path: digits only (no sign, fraction, exponent or hex). */
export class SubscriberIdParamDto {
  @ApiProperty({ type: 'integer', example: 42, minimum: 1, description: 'The subscriber id' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value))
  @IsInt({ message: MESSAGE })
  @Min(1, { message: MESSAGE })
  @Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE })
  id!: number;
}
