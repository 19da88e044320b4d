import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

const EXAMPLE = [
  '# HELP bounce_reports_total Reports ingested (bounces, complaints, deliveries), by source and outcome',
  '# TYPE bounce_reports_total counter',
  'bounce_reports_total{source="ses",outcome="recorded"} 42',
  '# HELP http_requests_total HTTP requests answered, by method, route pattern and status',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",route="/api/v1/bounces",status="200"} 7',
].join('\n');

/**
 * Prometheus's scrape, without a key: keep it off the public internet (docs/configuration.md,
 * README's reverse proxy). Mounted only when metrics are on.
 */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Requests by route and status with latency histograms, reports ingested by source and outcome, suppressions by reason, ' +
      'the database pool, and the process. No key; off with METRICS_ENABLED=false (then 404).',
  })
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The metrics in the Prometheus text format 0.0.4', schema: { type: 'string', example: EXAMPLE } })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
