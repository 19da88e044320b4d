import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class InboundMailQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: '`true`: read and classify the message, answer its reports, store nothing and change no address',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  dry_run?: 'true' | 'false';
}
