import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

const READINESS_TIMEOUT_MS = 2000;

/** For orchestrators: `live` while the process serves, `ready` while it can reach its database. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly em: EntityManager) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiResponse({ status: 200, description: 'Alive', example: { success: true, data: { status: 'up' } } })
  live(): { success: true; data: { status: 'up' } } {
    return { success: true, data: { status: 'up' } };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers within 2 s' })
  @ApiResponse({ status: 200, description: 'Ready', example: { success: true, data: { status: 'up', database: 'up' } } })
  @ApiResponse({
    status: 503,
    description: 'The database does not answer',
    example: { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable' } },
  })
  async ready(): Promise<{ success: true; data: { status: 'up'; database: 'up' } }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.em.execute('select 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READINESS_TIMEOUT_MS);
        }),
      ]);
    } catch {
      throw new ServiceUnavailableException('The database is unavailable');
    } finally {
      clearTimeout(timer);
    }
    return { success: true, data: { status: 'up', database: 'up' } };
  }
}
