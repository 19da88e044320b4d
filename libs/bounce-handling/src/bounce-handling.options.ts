import type { Registry } from 'prom-client';
import { parseImapUrl } from './inbound/adapters/imap/imap-url';
import { parseRedisUrl } from './shared/adapters/redis/redis-url';
import { DEFAULT_POLL_SECONDS } from './inbound/adapters/imap/inbound-mailbox.providers';
import { resolveWebhooks, type ResolvedWebhooks, type WebhooksOptions } from './webhooks/webhook-providers';

/** What a host tells the library; nothing inside the library reads the environment. */
export interface BounceHandlingModuleOptions {
  /** Consecutive soft bounces (no delivery in between) that count as a hard bounce. Default 3. */
  readonly softBounceThreshold?: number;
  /** A provider's bounce of category `sender` counts as a soft bounce (docs/policy.md, rule 11). Default false: it changes nothing. */
  readonly senderBlocksSuppress?: boolean;
  /** Days a soft bounce counts toward the threshold (rule 13), 1–3650. Unset: as long as its run lasts. */
  readonly softBounceWindowDays?: number | null;
  /** Days after which a suppression by the soft threshold lapses (rule 13), 1–3650. Unset: never. */
  readonly softSuppressionExpiryDays?: number | null;
  /** When set, an API key with exactly this value and every permission exists after start. */
  readonly bootstrapApiKey?: string;
  /** Log a line for every status change. Default true. */
  readonly logStatusChanges?: boolean;
  /**
   * Requests to the API (not the webhooks) per caller — an API key, or a client address for
   * requests without a valid key — per window; over it, 429 with `Retry-After`. Default 600 a
   * minute; `limit: 0` turns it off. Counted in memory, per process, unless `redis` is set.
   */
  readonly rateLimit?: { readonly limit: number; readonly windowMs?: number };
  /**
   * A Redis that the instances of the service share state through (the rate limit's counts),
   * `redis://[user:password@]host[:port][/db]` or `rediss://…`, its keys under `keyPrefix`
   * (default `mailpass:`). Unset: each process keeps its own (docs/configuration.md, "Shared
   * state").
   */
  readonly redis?: { readonly url: string; readonly keyPrefix?: string };
  /**
   * The providers' webhooks, each under its name with the settings its folder declares
   * (`webhooks.ses.topicArns`, `webhooks.mailgun.signingKey`, …; docs/architecture.md lists
   * them); a provider without its required setting refuses its webhook (fail closed).
   */
  readonly webhooks?: WebhooksOptions;
  /** Raw bounce mail (`POST /inbound/mail`, docs/inbound-mail.md). */
  readonly inbound?: InboundMailOptions;
  /**
   * Outbound webhook endpoints may be `http` URLs and resolve to private, loopback or other
   * non-public addresses (development, tests). Default false: `https` to public addresses only.
   */
  readonly outboundWebhooksAllowInsecure?: boolean;
  /** Run the outbound webhooks' delivery worker in this process. Default true; false leaves the delivery to other instances. */
  readonly outboundWebhooksWorker?: boolean;
  /**
   * Run this process's background work: the outbound delivery worker, the mailbox poller, the
   * daily maintenance of bounces (partitions, retention) and the listening for changes to the
   * tables kept in memory. Default true; false for a process that serves nothing and does one
   * job, such as a command line (its caches then ask the database every time).
   */
  readonly backgroundWork?: boolean;
  /**
   * A `prom-client` registry that the library keeps its metrics on (reports ingested by source
   * and outcome, suppressions by reason, the database pool's connections); the host serves it.
   * Unset: none are kept.
   */
  readonly metrics?: { readonly registry: Registry };
  /**
   * How long stored bounces are kept (docs/retention.md): `months`, 1–600, after which whole
   * months of bounces are dropped (an address's state and the statistics stay); `rawReportDays`,
   * 1–3650, after which a bounce's raw report is cleared. Unset: kept for ever.
   */
  readonly retention?: { readonly months?: number | null; readonly rawReportDays?: number | null };
}

export interface InboundMailOptions {
  /**
   * The local-part prefix of VERP return paths: `bounces` reads the recipient of
   * `bounces+alice=example.com@mail.example.net` as `alice@example.com`. Unset: none.
   */
  readonly verpPrefix?: string | null;
  /**
   * An IMAP folder to poll for bounce mail (`imaps://user:password@host/Bounces`; see
   * docs/inbound-mail.md): each message is ingested, then moved to `Processed` or
   * `Unrecognised`. Unset: no polling.
   */
  readonly imapUrl?: string | null;
  /** Seconds between two polls of `imapUrl`, 1–86400. Default 60. */
  readonly pollSeconds?: number;
}

export interface ResolvedBounceHandlingOptions {
  readonly softBounceThreshold: number;
  readonly senderBlocksSuppress: boolean;
  readonly softBounceWindowDays: number | null;
  readonly softSuppressionExpiryDays: number | null;
  readonly bootstrapApiKey: string | null;
  readonly logStatusChanges: boolean;
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  readonly redis: { readonly url: string; readonly keyPrefix: string } | null;
  readonly webhooks: ResolvedWebhooks;
  readonly inbound: { readonly verpPrefix: string | null; readonly imapUrl: string | null; readonly pollSeconds: number };
  readonly outboundWebhooksAllowInsecure: boolean;
  readonly outboundWebhooksWorker: boolean;
  readonly backgroundWork: boolean;
  readonly metricsRegistry: Registry | null;
  readonly retention: { readonly months: number | null; readonly rawReportDays: number | null };
}

/** 600 API requests a minute per caller: ten a second, far above any script's need. */
export const DEFAULT_RATE_LIMIT = { limit: 600, windowMs: 60_000 } as const;

/** What the library's keys in Redis start with, unless the host says otherwise. */
export const DEFAULT_REDIS_KEY_PREFIX = 'mailpass:';

export class InvalidBounceHandlingOptionsError extends Error {}

export function resolveBounceHandlingOptions(options: BounceHandlingModuleOptions): ResolvedBounceHandlingOptions {
  const softBounceThreshold = options.softBounceThreshold ?? 3;
  if (!Number.isInteger(softBounceThreshold) || softBounceThreshold < 1 || softBounceThreshold > 1000) {
    throw new InvalidBounceHandlingOptionsError(`softBounceThreshold must be an integer from 1 to 1000, got ${String(options.softBounceThreshold)}`);
  }
  const softBounceWindowDays = optionalDays('softBounceWindowDays', options.softBounceWindowDays);
  const softSuppressionExpiryDays = optionalDays('softSuppressionExpiryDays', options.softSuppressionExpiryDays);
  const bootstrapApiKey = options.bootstrapApiKey?.trim() || null;
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 16) {
    throw new InvalidBounceHandlingOptionsError('bootstrapApiKey must be at least 16 characters long');
  }
  const rateLimit = { limit: options.rateLimit?.limit ?? DEFAULT_RATE_LIMIT.limit, windowMs: options.rateLimit?.windowMs ?? DEFAULT_RATE_LIMIT.windowMs };
  if (!Number.isInteger(rateLimit.limit) || rateLimit.limit < 0) {
    throw new InvalidBounceHandlingOptionsError(`rateLimit.limit must be an integer of 0 (off) or more, got ${String(options.rateLimit?.limit)}`);
  }
  if (!Number.isInteger(rateLimit.windowMs) || rateLimit.windowMs < 1_000 || rateLimit.windowMs > 24 * 3600_000) {
    throw new InvalidBounceHandlingOptionsError(`rateLimit.windowMs must be an integer from 1000 to 86400000, got ${String(options.rateLimit?.windowMs)}`);
  }
  const webhooks = resolveWebhooks(options.webhooks, (provider, setting) => `webhooks.${provider}.${setting.option}`);
  if (webhooks.problems.length > 0) throw new InvalidBounceHandlingOptionsError(webhooks.problems[0]);
  return {
    softBounceThreshold,
    senderBlocksSuppress: options.senderBlocksSuppress ?? false,
    softBounceWindowDays,
    softSuppressionExpiryDays,
    bootstrapApiKey,
    logStatusChanges: options.logStatusChanges ?? true,
    rateLimit,
    redis: redisOf(options.redis),
    webhooks: webhooks.resolved,
    inbound: {
      verpPrefix: verpPrefixOf(options.inbound?.verpPrefix),
      imapUrl: imapUrlOf(options.inbound?.imapUrl),
      pollSeconds: pollSecondsOf(options.inbound?.pollSeconds),
    },
    outboundWebhooksAllowInsecure: options.outboundWebhooksAllowInsecure ?? false,
    outboundWebhooksWorker: options.outboundWebhooksWorker ?? true,
    backgroundWork: options.backgroundWork ?? true,
    metricsRegistry: options.metrics?.registry ?? null,
    retention: {
      months: optionalWhole('retention.months', options.retention?.months, 600),
      rawReportDays: optionalWhole('retention.rawReportDays', options.retention?.rawReportDays, 3650),
    },
  };
}

/** Letters, digits and `._-`, as a local part may start: `+` and `=` are VERP's own separators. */
const VERP_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

function imapUrlOf(url: string | null | undefined): string | null {
  const trimmed = url?.trim() || null;
  if (trimmed === null) return null;
  try {
    parseImapUrl(trimmed, 'inbound.imapUrl');
  } catch (error) {
    throw new InvalidBounceHandlingOptionsError(error instanceof Error ? error.message : String(error));
  }
  return trimmed;
}

/** Printable characters without spaces, so that a key reads as the prefix, then `rate-limit:…`. */
const REDIS_KEY_PREFIX = /^[!-~]{1,100}$/;

function redisOf(redis: BounceHandlingModuleOptions['redis']): ResolvedBounceHandlingOptions['redis'] {
  const url = redis?.url.trim() || null;
  if (url === null) return null;
  try {
    parseRedisUrl(url, 'redis.url');
  } catch (error) {
    throw new InvalidBounceHandlingOptionsError(error instanceof Error ? error.message : String(error));
  }
  const keyPrefix = redis?.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  if (!REDIS_KEY_PREFIX.test(keyPrefix)) {
    throw new InvalidBounceHandlingOptionsError(`redis.keyPrefix must be 1 to 100 characters, printable and without spaces, got "${keyPrefix}"`);
  }
  return { url, keyPrefix };
}

function pollSecondsOf(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_POLL_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw new InvalidBounceHandlingOptionsError(`inbound.pollSeconds must be an integer from 1 to 86400, got ${String(seconds)}`);
  }
  return seconds;
}

function verpPrefixOf(prefix: string | null | undefined): string | null {
  const trimmed = prefix?.trim() || null;
  if (trimmed !== null && !VERP_PREFIX.test(trimmed)) {
    throw new InvalidBounceHandlingOptionsError(
      `inbound.verpPrefix must be 1 to 40 letters, digits, '.', '_' or '-' (the local part before '+'), got "${trimmed}"`,
    );
  }
  return trimmed;
}

/** A number of days of the policy's rule 13: unset (null), or an integer from 1 to 3650 (ten years). */
function optionalDays(name: string, days: number | null | undefined): number | null {
  if (days === undefined || days === null) return null;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new InvalidBounceHandlingOptionsError(`${name} must be an integer from 1 to 3650, got ${String(days)}`);
  return days;
}

/** An optional whole number from 1 to `max`: unset (null) or one. */
function optionalWhole(name: string, value: number | null | undefined, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new InvalidBounceHandlingOptionsError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  return value;
}
