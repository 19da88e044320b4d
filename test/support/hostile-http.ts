import type { Response } from 'supertest';

/**
 * The error envelope of docs/configuration.md ("HTTP contract"), with the request id of the
 * `X-Request-Id` header; fails with the request's description, status and body, so that a
 * fuzzing failure reads at once.
 */
export function expectErrorEnvelope(response: Response, what: string): void {
  const body = response.body as { success?: unknown; error?: { code?: unknown; message?: unknown; request_id?: unknown } };
  const shaped =
    body?.success === false &&
    typeof body.error?.code === 'string' &&
    /^[A-Z_]+$/.test(body.error.code) &&
    typeof body.error.message === 'string' &&
    body.error.message.length > 0 &&
    typeof response.headers['x-request-id'] === 'string' &&
    body.error.request_id === response.headers['x-request-id'];
  if (!shaped) throw new Error(`${what}: ${response.status} is not in the error envelope with its request id: ${describe(response)}`);
}

/** A 4xx in the error envelope. */
export function expectRefused(response: Response, what: string): void {
  if (response.status < 400 || response.status >= 500) throw new Error(`${what}: expected a 4xx, got ${describe(response)}`);
  expectErrorEnvelope(response, what);
}

/** A 2xx in the success envelope. */
export function expectAccepted(response: Response, what: string): void {
  if (response.status < 200 || response.status >= 300 || (response.body as { success?: unknown })?.success !== true) {
    throw new Error(`${what}: expected a 2xx in the success envelope, got ${describe(response)}`);
  }
}

/** Anything but a server error: 2xx in the success envelope, or 4xx in the error envelope. */
export function expectNoServerError(response: Response, what: string): void {
  if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) {
    throw new Error(`${what}: expected a 2xx or a 4xx, got ${describe(response)}`);
  }
  if (response.status >= 400) expectErrorEnvelope(response, what);
  else if ((response.body as { success?: unknown })?.success !== true) throw new Error(`${what}: a 2xx outside the success envelope: ${describe(response)}`);
}

function describe(response: Response): string {
  return `${response.status} ${JSON.stringify(response.body ?? response.text).slice(0, 500)}`;
}

/** A path segment as a client would send it: every byte but the unreserved ones percent-encoded (lone surrogates as UTF-8 encodes them). */
export function pathSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** The text the server reads back from a URL or a UTF-8 body: lone surrogates become U+FFFD. */
export function asTransmitted(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8');
}

/** Counts answers per endpoint and status, for the figures a run prints. */
export class StatusTally {
  private readonly counts = new Map<string, Map<number, number>>();

  add(endpoint: string, status: number): void {
    const statuses = this.counts.get(endpoint) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.counts.set(endpoint, statuses);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, statuses) => sum + [...statuses.values()].reduce((a, b) => a + b, 0), 0);
  }

  countOf(predicate: (status: number) => boolean): number {
    return [...this.counts.values()].reduce((sum, statuses) => sum + [...statuses].filter(([status]) => predicate(status)).reduce((a, [, n]) => a + n, 0), 0);
  }

  report(title: string): string {
    const lines = [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([endpoint, statuses]) => {
        const byStatus = [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ');
        return `  ${endpoint.padEnd(46)} ${byStatus}`;
      });
    return [`${title}: ${this.total} requests, ${this.countOf((status) => status >= 500)} answered 5xx`, ...lines].join('\n');
  }
}
