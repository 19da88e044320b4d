import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, type Registry } from 'prom-client';

/** The route label of a request that matched no route (404s, bodies refused before routing): one label, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Routes whose requests are not counted: the scrapes of the metrics themselves. */
const UNCOUNTED_ROUTES = new Set(['/metrics']);

/** Seconds: from 5 ms (a status read) to 10 s (a large import or batch). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * Counts each request answered, `http_requests_total{method,route,status}`, and times it,
 * `http_request_duration_seconds{method,route,status}`. `route` is the pattern of the route that
 * answered (`/api/v1/bounces/:id`), never the URL, so that the labels stay few whatever callers
 * send; a request that matched none is `unmatched`. The scrapes of `/metrics` are left out, so
 * that the rates are the service's traffic, not Prometheus's.
 */
export function httpRequestMetrics(registry: Registry): (request: RoutedRequest, response: ServerResponse, next: () => void) => void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to its answer, by method, route pattern and status',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = routeOf(request);
      if (UNCOUNTED_ROUTES.has(route)) return;
      const labels = { method: request.method ?? '', route, status: response.statusCode };
      requests.inc(labels);
      durations.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** Express's route that answered, as declared (it stays on the request once matched), under its router's mount path. */
function routeOf(request: RoutedRequest): string {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}
