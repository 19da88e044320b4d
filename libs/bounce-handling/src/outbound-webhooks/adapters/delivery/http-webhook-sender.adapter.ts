import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../../shared/application/ports/clock.port';
import { type OutgoingWebhook, type SendResult, WebhookSender } from '../../application/ports/webhook-sender.port';
import { checkEndpointUrl, checkResolvedAddresses, ipVersion } from '../../domain/endpoint-url';

export interface HttpWebhookSenderOptions {
  /** `http` URLs and private, loopback and link-local addresses allowed (development, tests). */
  readonly allowInsecure: boolean;
  /** The whole attempt — name lookup, connection, request, answer — is bounded by this. Default 10 s. */
  readonly timeoutMs?: number;
  /** Bytes of the answer's body read (and discarded) at most. Default 4 KB. */
  readonly maxResponseBytes?: number;
}

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4096;
const USER_AGENT = 'Mailpass-Webhooks/1';

/** A destination refused at send time; the attempt fails without a connection. */
class DestinationRefused extends Error {}

interface Destination {
  readonly url: URL;
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * POSTs an event as the Standard Webhooks specification says: body `{ type, timestamp, data }`
 * (JSON; `timestamp` the event's time, RFC 3339), headers `webhook-id` (the delivery's, the same
 * on every retry), `webhook-timestamp` (the attempt's, Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256>` of `id.timestamp.body`, keyed with the endpoint's `whsec_` secret,
 * made by the `standardwebhooks` library).
 *
 * Only a 2xx answer delivers. Redirects are never followed (a 3xx fails the attempt), at most
 * `maxResponseBytes` of the answer are read, and the whole attempt is bounded by `timeoutMs`.
 * The destination is checked at send time, not only when the endpoint was registered: `https`
 * only, and every address its name resolves to public, unless `allowInsecure`. The connection
 * goes to the address that was checked (the request's `lookup` answers it), so that a name
 * resolving to a public address for the check and to a private one for the connection (DNS
 * rebinding) reaches nothing private. A kept-alive connection is reused for the same host and
 * port; it was checked when it was opened.
 */
export class HttpWebhookSender extends WebhookSender {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly clock: Clock,
    private readonly options: HttpWebhookSenderOptions,
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  async send(webhook: OutgoingWebhook): Promise<SendResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const destination = await this.destination(webhook.url, signal);
      const body = JSON.stringify({ type: webhook.type, timestamp: webhook.occurredAt.toISOString(), data: webhook.data });
      const now = this.clock.now();
      const headers = {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': webhook.messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(webhook.secret).sign(webhook.messageId, now, body),
      };
      const statusCode = await this.post(destination, headers, body, signal);
      if (statusCode >= 200 && statusCode < 300) return { outcome: 'delivered', statusCode, latencyMs: latencyMs() };
      const error = statusCode >= 300 && statusCode < 400 ? `Answered ${statusCode}, a redirect (never followed)` : `Answered ${statusCode}`;
      return { outcome: 'failed', statusCode, latencyMs: latencyMs(), error };
    } catch (error) {
      const reason = signal.aborted ? `No answer within ${this.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return { outcome: 'failed', statusCode: null, latencyMs: latencyMs(), error: reason };
    }
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** The URL and the address to connect to, by the rules endpoints are registered under (`endpoint-url.ts`), checked again now. */
  private async destination(raw: string, signal: AbortSignal): Promise<Destination> {
    const rules = { allowInsecure: this.options.allowInsecure };
    const checked = checkEndpointUrl(raw, rules);
    if (!checked.ok) throw new DestinationRefused(checked.message);
    const resolved =
      checked.address !== null
        ? [{ address: checked.address, family: ipVersion(checked.address) }]
        : await abortable(lookup(checked.host, { all: true, verbatim: true }), signal).catch(() => []);
    const addresses = resolved.map((entry) => entry.address);
    const verdict = checkResolvedAddresses(checked.host, addresses, rules);
    if (!verdict.ok) throw new DestinationRefused(verdict.message);
    const { address, family } = resolved[0];
    return { url: new URL(checked.url), address, family: family === 6 ? 6 : 4 };
  }

  private post(destination: Destination, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
    const { url, address, family } = destination;
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const secure = url.protocol === 'https:';
    return new Promise<number>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: pinned,
          signal,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
        (response) => {
          const statusCode = response.statusCode ?? 0;
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // Enough: the answer's status is what counts, and a receiver may send anything.
            if (read > this.maxResponseBytes) {
              response.destroy();
              resolve(statusCode);
            }
          });
          response.on('end', () => resolve(statusCode));
          response.on('error', reject);
          response.on('close', () => resolve(statusCode));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error('aborted'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
