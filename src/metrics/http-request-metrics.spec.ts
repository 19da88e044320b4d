import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { httpRequestMetrics } from './http-request-metrics';

/** A request through the middleware, routed (or not) while it is served, then answered with `status`. */
function serve(middleware: ReturnType<typeof httpRequestMetrics>, method: string, route: string | null, status: number): void {
  const request = { method } as IncomingMessage & { route?: { path: string }; baseUrl?: string };
  const response = Object.assign(new EventEmitter(), { statusCode: 0 }) as unknown as ServerResponse;
  middleware(request, response, () => {
    if (route !== null) Object.assign(request, { route: { path: route }, baseUrl: '' });
  });
  response.statusCode = status;
  response.emit('finish');
}

async function series(registry: Registry, name: string): Promise<Array<{ labels: object; value: number }>> {
  const { values } = await registry.getSingleMetric(name)!.get();
  return values.map(({ labels, value }) => ({ labels, value }));
}

describe('httpRequestMetrics', () => {
  it('counts answered requests by method, route pattern and status, an unrouted one as "unmatched"', async () => {
    const registry = new Registry();
    const middleware = httpRequestMetrics(registry);
    serve(middleware, 'GET', '/api/v1/bounces/:id', 200);
    serve(middleware, 'GET', '/api/v1/bounces/:id', 200);
    serve(middleware, 'GET', '/api/v1/bounces/:id', 404);
    serve(middleware, 'POST', null, 413);
    expect(await series(registry, 'http_requests_total')).toEqual([
      { labels: { method: 'GET', route: '/api/v1/bounces/:id', status: 200 }, value: 2 },
      { labels: { method: 'GET', route: '/api/v1/bounces/:id', status: 404 }, value: 1 },
      { labels: { method: 'POST', route: 'unmatched', status: 413 }, value: 1 },
    ]);
  });

  it('times each request in the histogram under the same labels', async () => {
    const registry = new Registry();
    const middleware = httpRequestMetrics(registry);
    serve(middleware, 'GET', '/health/live', 200);
    const counts = (await series(registry, 'http_request_duration_seconds')).filter(({ labels }) => (labels as { le?: unknown }).le === '+Inf');
    expect(counts).toEqual([{ labels: { method: 'GET', route: '/health/live', status: 200, le: '+Inf' }, value: 1 }]);
  });

  it('leaves the scrapes of /metrics out', async () => {
    const registry = new Registry();
    const middleware = httpRequestMetrics(registry);
    serve(middleware, 'GET', '/metrics', 200);
    expect(await series(registry, 'http_requests_total')).toEqual([]);
  });
});
