import { ApiProperty } from '@nestjs/swagger';
import { NOT_SENDABLE_REASONS, type Sendability } from '../../domain/sendability';

export class SendabilityResponseDto {
  @ApiProperty({ example: 'invalid@example.com', description: 'The address as asked, trimmed and lower-cased' })
  email!: string;

  @ApiProperty({ example: false, description: 'Whether the address may be mailed' })
  sendable!: boolean;

  @ApiProperty({ enum: NOT_SENDABLE_REASONS, nullable: true, example: 'bounced', description: 'Why not; null when sendable' })
  reason!: string | null;

  static from(answer: Sendability): SendabilityResponseDto {
    return { email: answer.email, sendable: answer.sendable, reason: answer.reason };
  }
}

export class SendabilityCheckResponseDto {
  @ApiProperty({
    type: [SendabilityResponseDto],
    description: 'One answer per address, in the order asked',
    example: [
      { email: 'john.doe@example.com', sendable: true, reason: null },
      { email: 'invalid@example.com', sendable: false, reason: 'bounced' },
      { email: 'not an address', sendable: false, reason: 'invalid_address' },
    ],
  })
  results!: SendabilityResponseDto[];

  static from(answers: readonly Sendability[]): SendabilityCheckResponseDto {
    return { results: answers.map(SendabilityResponseDto.from) };
  }
}
