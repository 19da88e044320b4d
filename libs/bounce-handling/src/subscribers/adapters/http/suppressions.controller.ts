import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { CheckSendability } from '../../application/check-sendability.use-case';
import { CheckSendabilityRequestDto } from './check-sendability-request.dto';
import { SendabilityCheckResponseDto } from './sendability-response.dto';

@ApiTags('suppressions')
@BounceHandlingController('api/v1/suppressions')
@RequirePermission('subscribers')
export class SuppressionsController {
  constructor(private readonly checkSendability: CheckSendability) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check whether addresses may be mailed',
    description:
      'For senders, before they send: `bounced` and `unsubscribed` addresses (with or without a subscriber) are not sendable, nor is a string that is no valid address (`invalid_address`). Answers are in the order asked, addresses trimmed and lower-cased.',
  })
  @ApiBody({
    type: CheckSendabilityRequestDto,
    examples: { mixed: { value: { emails: ['john.doe@example.com', 'invalid@example.com', 'not an address'] } } },
  })
  @ApiSuccessResponse(200, SendabilityCheckResponseDto, 'One answer per address, in the order asked')
  @ApiErrorResponses(400, 413, 415, 503)
  async check(@Body() body: CheckSendabilityRequestDto): Promise<ApiSuccess<SendabilityCheckResponseDto>> {
    return ok(SendabilityCheckResponseDto.from(await this.checkSendability.execute(body.emails)));
  }
}
