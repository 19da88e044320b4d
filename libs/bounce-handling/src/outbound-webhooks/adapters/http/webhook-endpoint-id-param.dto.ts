import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { ToInteger } from '../../../shared/adapters/http/to-integer.transform';

const MESSAGE = 'must be a positive integer';

/** The `{id}` of an endpoint's path: digits only. */
export class WebhookEndpointIdParamDto {
  @ApiProperty({ type: 'integer', example: 1, minimum: 1, description: 'The endpoint id' })
  @ToInteger()
  @ValidateInOrder(IsInt({ message: MESSAGE }), Min(1, { message: MESSAGE }), Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE }))
  id!: number;
}
