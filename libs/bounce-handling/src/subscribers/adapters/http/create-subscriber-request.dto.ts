import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../../shared/adapters/http/email.validator';
import { IsRequired, ValidateInOrder } from '../../../shared/adapters/http/request-validation';
import { IsStorableText } from '../../../shared/adapters/http/storable-text.validator';
import { MAX_SUBSCRIBER_NAME_LENGTH } from '../../domain/subscriber';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateSubscriberRequestDto {
  @ApiProperty({ example: 'john.doe@example.com', description: 'Trimmed and lower-cased before it is stored; one subscriber per address' })
  @ValidateInOrder(IsRequired(), IsString(), IsEmailAddress())
  email!: string;

  @ApiPropertyOptional({ example: 'John Doe', maxLength: MAX_SUBSCRIBER_NAME_LENGTH, description: 'Trimmed' })
  @IsOptional()
  @Transform(trimmed)
  @ValidateInOrder(IsString(), IsStorableText(), MinLength(1), MaxLength(MAX_SUBSCRIBER_NAME_LENGTH))
  name?: string;
}
