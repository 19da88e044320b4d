import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../../shared/adapters/http/email.validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateSubscriberRequestDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Trimmed and lower-cased before it is stored; one subscriber per address' })
  @ValidateInOrder(IsRequired(), IsString(), IsEmailAddress())
  email!: string;

  @ApiPropertyOptional({ example: 'John Doe', maxLength: 255, description: 'Trimmed' })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(255))
  name?: string;
}
