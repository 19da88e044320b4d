import * as net from 'node:net';
import * as path from 'node:path';
import { parseImapUrl, parseRedisUrl, type WebhookSetting, webhookOptionsFrom, type WebhooksOptions } from '../../libs/bounce-handling/src';

/** The host's configuration, read once from the environment (docs/configuration.md). */
export interface AppConfig {
  readonly port: number;
  /** Null: start the embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly bootstrapApiKey: string | null;
  readonly softBounceThreshold: number;
  /** Each provider's webhook settings, from the variables the library names (SES_TOPIC_ARNS, MAILGUN_WEBHOOK_SIGNING_KEY, …). */
  readonly webhooks: WebhooksOptions;
  readonly logLevel: LogLevel;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  /** API requests a minute per API key (per address without a valid key); 0: no limit. */
  readonly apiRateLimitPerMinute: number;
  /** Create the database of DATABASE_URL at start when it does not exist (otherwise the start stops). */
  readonly databaseCreate: boolean;
  /** Bounds on every wait for the database, so that a database that stalls is answered 503 instead of holding requests. */
  readonly databaseTimeouts: DatabaseTimeouts;
  /**
   * Which proxies in front of the service to believe about the client's address
   * (`X-Forwarded-For`): none (false), the nearest N, or those at these addresses.
   */
  readonly trustProxy: TrustProxy;
  /** A provider's refusal of the sender counts as a soft bounce (docs/policy.md, rule 11); otherwise it changes nothing. */
  readonly senderBlocksSuppress: boolean;
  /** Days a soft bounce counts toward the threshold (rule 13); null: as long as its run lasts. */
  readonly softBounceWindowDays: number | null;
  /** Days after which a suppression by the soft threshold lapses (rule 13); null: never. */
  readonly softSuppressionExpiryDays: number | null;
  /** The local-part prefix of VERP return paths of raw bounce mail (`bounces`); null: none. */
  readonly inboundVerpPrefix: string | null;
  /** An IMAP folder polled for bounce mail; null: none. */
  readonly inboundImapUrl: string | null;
  /** Seconds between two polls of that folder. */
  readonly inboundImapPollSeconds: number;
  /** Outbound webhook endpoints may be `http` and at private addresses (development, tests). */
  readonly outboundWebhooksAllowInsecure: boolean;
  /** Run the outbound webhooks' delivery worker in this process. */
  readonly outboundWebhooksWorker: boolean;
  /** Serve Prometheus metrics at `GET /metrics` (no key) and keep them; off: neither. */
  readonly metricsEnabled: boolean;
  /** A Redis that several instances share state through (the API rate limit's counts); null: each process keeps its own. */
  readonly redisUrl: string | null;
  /** Months a bounce is kept, whole months dropped after (docs/retention.md); null: kept for ever. */
  readonly retentionMonths: number | null;
  /** Days a bounce's raw report is kept, the bounce itself staying; null: as long as the bounce. */
  readonly rawReportRetentionDays: number | null;
}

/** Milliseconds to wait for the database, at most (docs/configuration.md, "The database"). */
export interface DatabaseTimeouts {
  /** For a connection from the pool, free or newly opened (`DATABASE_ACQUIRE_TIMEOUT_MS`). */
  readonly acquireMs: number;
  /** To open a connection (`DATABASE_CONNECT_TIMEOUT_MS`). */
  readonly connectMs: number;
  /** For one statement (`DATABASE_STATEMENT_TIMEOUT_MS`): the server cancels it then, and the service gives up on a server that does not answer. */
  readonly statementMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { acquireMs: 5_000, connectMs: 3_000, statementMs: 10_000 };

/** Express's `trust proxy`: false, a number of hops, or addresses, subnets and the names `loopback`, `linklocal`, `uniquelocal`. */
export type TrustProxy = false | number | readonly string[];

const PROXY_ADDRESS_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadAppConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const text = (name: string): string | null => env[name]?.trim() || null;
  const days = (name: string): number | null => {
    const raw = text(name);
    if (raw === null) return null;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3650) {
      problems.push(`${name} must be an integer from 1 to 3650 (days; unset: off), got "${raw}"`);
      return null;
    }
    return Number(raw);
  };
  const months = (name: string): number | null => {
    const raw = text(name);
    if (raw === null) return null;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 600) {
      problems.push(`${name} must be an integer from 1 to 600 (months; unset: keep every bounce), got "${raw}"`);
      return null;
    }
    return Number(raw);
  };

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const bootstrapApiKey = text('BOOTSTRAP_API_KEY');
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 16) {
    problems.push('BOOTSTRAP_API_KEY must be at least 16 characters long');
  }
  const webhooks = webhookOptionsFrom((setting) => webhookSettingValue(setting, text(setting.variable)));
  problems.push(...webhooks.problems);
  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const corsOrigins = (text('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const flag = (name: string, fallback = false): boolean => {
    const raw = text(name)?.toLowerCase() ?? String(fallback);
    if (raw === 'true' || raw === '1') return true;
    if (raw !== 'false' && raw !== '0') problems.push(`${name} must be true or false, got "${raw}"`);
    return false;
  };
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(text('DATA_DIR') ?? './.data'),
    bootstrapApiKey,
    softBounceThreshold: integer('SOFT_BOUNCE_THRESHOLD', 3, 1, 1000),
    webhooks: webhooks.webhooks,
    logLevel,
    corsOrigins,
    apiRateLimitPerMinute: integer('API_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    databaseCreate: flag('DATABASE_CREATE'),
    databaseTimeouts: {
      acquireMs: integer('DATABASE_ACQUIRE_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.acquireMs, 100, 600_000),
      connectMs: integer('DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.connectMs, 100, 600_000),
      statementMs: integer('DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_DATABASE_TIMEOUTS.statementMs, 100, 3_600_000),
    },
    trustProxy: trustProxyOf(text('TRUST_PROXY'), problems),
    senderBlocksSuppress: flag('SENDER_BLOCKS_SUPPRESS'),
    softBounceWindowDays: days('SOFT_BOUNCE_WINDOW_DAYS'),
    softSuppressionExpiryDays: days('SOFT_SUPPRESSION_EXPIRY_DAYS'),
    inboundVerpPrefix: verpPrefixOf(text('INBOUND_VERP_PREFIX'), problems),
    inboundImapUrl: imapUrlOf(text('INBOUND_IMAP_URL'), problems),
    inboundImapPollSeconds: integer('INBOUND_IMAP_POLL_SECONDS', 60, 1, 86_400),
    outboundWebhooksAllowInsecure: flag('OUTBOUND_WEBHOOKS_ALLOW_INSECURE'),
    outboundWebhooksWorker: flag('OUTBOUND_WEBHOOKS_WORKER', true),
    metricsEnabled: flag('METRICS_ENABLED', true),
    redisUrl: redisUrlOf(text('REDIS_URL'), problems),
    retentionMonths: months('RETENTION_MONTHS'),
    rawReportRetentionDays: days('RAW_REPORT_RETENTION_DAYS'),
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** A mailbox URL the library's poller can use; the problem names the variable, never the password. */
function imapUrlOf(raw: string | null, problems: string[]): string | null {
  if (raw === null) return null;
  try {
    parseImapUrl(raw, 'INBOUND_IMAP_URL');
    return raw;
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** A Redis URL the library accepts; the problem names the variable, never the password. */
function redisUrlOf(raw: string | null, problems: string[]): string | null {
  if (raw === null) return null;
  try {
    parseRedisUrl(raw, 'REDIS_URL');
    return raw;
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** Letters, digits and `._-` before VERP's `+`: what the library accepts as `inbound.verpPrefix`. */
function verpPrefixOf(raw: string | null, problems: string[]): string | null {
  if (raw !== null && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(raw)) {
    problems.push(`INBOUND_VERP_PREFIX must be 1 to 40 letters, digits, '.', '_' or '-' (the local part before '+'), got "${raw}"`);
    return null;
  }
  return raw;
}

/** A webhook setting's value from its variable's text, as the setting's kind says; undefined when unset. */
function webhookSettingValue(setting: WebhookSetting, raw: string | null): string | readonly string[] | undefined {
  if (raw === null) return undefined;
  switch (setting.kind) {
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    case 'path':
      return path.resolve(raw);
    case 'multiline':
      // A PEM pasted into an environment variable often arrives with literal "\n"s.
      return raw.replace(/\\n/g, '\n');
    case 'text':
      return raw;
  }
}

function trustProxyOf(raw: string | null, problems: string[]): TrustProxy {
  if (raw === null) return false;
  if (/^\d+$/.test(raw)) return Number(raw) === 0 ? false : Math.min(Number(raw), 100);
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const invalid = entries.filter((entry) => !PROXY_ADDRESS_NAMES.includes(entry) && !isAddressOrSubnet(entry));
  if (entries.length === 0 || invalid.length > 0) {
    problems.push(
      `TRUST_PROXY must be the number of proxies in front of the service (e.g. 1) or a comma-separated list of their addresses or subnets ` +
        `(10.0.0.1, 10.0.0.0/8, loopback, linklocal, uniquelocal), got "${raw}"`,
    );
    return false;
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}
