import { Body, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../../../auth/adapters/http/require-permission.decorator';
import { ApiErrorResponses, ApiSuccessResponse } from '../../../shared/adapters/http/api-docs';
import { type ApiSuccess, ok } from '../../../shared/adapters/http/api-envelope';
import { BounceHandlingController } from '../../../shared/adapters/http/bounce-handling-controller.decorator';
import { SaveCampaign } from '../../application/save-campaign.use-case';
import { CampaignIdParamDto } from './campaign-id-param.dto';
import { CampaignResponseDto } from './campaign-response.dto';
import { SaveCampaignRequestDto } from './save-campaign-request.dto';

@ApiTags('campaigns')
@BounceHandlingController('api/v1/campaigns')
@RequirePermission('campaigns')
export class CampaignsController {
  constructor(private readonly saveCampaign: SaveCampaign) {}

  @Put(':id')
  @ApiOperation({
    summary: 'Create or rename a campaign',
    description:
      'The platform declares the name of a campaign id its messages carry; bounces of the campaign show it as `campaign_name`, also those recorded before.',
  })
  @ApiBody({ type: SaveCampaignRequestDto, examples: { newsletter: { value: { name: 'January Newsletter' } } } })
  @ApiSuccessResponse(201, CampaignResponseDto, 'The campaign was created')
  @ApiSuccessResponse(200, CampaignResponseDto, 'The campaign existed; it has this name now')
  @ApiErrorResponses(400, 413, 415, 503)
  async put(
    @Param() params: CampaignIdParamDto,
    @Body() body: SaveCampaignRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiSuccess<CampaignResponseDto>> {
    const { campaign, created } = await this.saveCampaign.execute({ id: params.id, name: body.name });
    response.status(created ? 201 : 200);
    return ok(CampaignResponseDto.from(campaign));
  }
}
