import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../../shared/adapters/http/pagination.dto';
import { ADDRESS_STATUSES, type AddressStatus } from '../../../shared/domain/address-status';

export class ListSubscribersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ADDRESS_STATUSES, example: 'bounced', description: 'Only the subscribers with this status' })
  @IsOptional()
  @IsIn(ADDRESS_STATUSES, { message: `must be one of: ${ADDRESS_STATUSES.join(', ')}` })
  status?: AddressStatus;
}
