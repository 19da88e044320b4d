import { collectDefaultMetrics, Registry } from 'prom-client';

/** The app's Prometheus registry (`prom-client`), or null when metrics are off (`METRICS_ENABLED=false`). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * A registry of the app's own, never prom-client's global one: two apps in one process (the
 * e2e tests) keep their counts apart. It starts with prom-client's process metrics (CPU,
 * memory, event-loop lag, garbage collection, handles).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
