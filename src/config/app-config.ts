import * as path from 'node:path';
import { parseSendGridPublicKey } from '../../libs/bounce-handling/src';

/** The host's configuration, read once from the environment (DESIGN.md §6). */
export interface AppConfig {
  readonly port: number;
  /** Null: start the embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly bootstrapApiKey: string | null;
  readonly softBounceThreshold: number;
  readonly sesTopicArns: readonly string[];
  readonly snsCertificatesDir: string | null;
  readonly mailgunWebhookSigningKey: string | null;
  readonly sendgridWebhookPublicKey: string | null;
  readonly logLevel: LogLevel;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  /** API requests a minute per API key (per address without a valid key); 0: no limit. */
  readonly apiRateLimitPerMinute: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SNS_TOPIC_ARN = /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/;

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

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const bootstrapApiKey = text('BOOTSTRAP_API_KEY');
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 16) {
    problems.push('BOOTSTRAP_API_KEY must be at least 16 characters long');
  }
  const sesTopicArns = (text('SES_TOPIC_ARNS') ?? '').split(',').map((arn) => arn.trim()).filter((arn) => arn.length > 0);
  for (const arn of sesTopicArns) {
    if (!SNS_TOPIC_ARN.test(arn)) problems.push(`SES_TOPIC_ARNS: "${arn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`);
  }
  const snsCertificatesDir = text('SNS_CERTIFICATES_DIR');
  const logLevel = (text('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const corsOrigins = (text('CORS_ORIGINS') ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
  }
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(text('DATA_DIR') ?? './.data'),
    bootstrapApiKey,
    softBounceThreshold: integer('SOFT_BOUNCE_THRESHOLD', 3, 1, 1000),
    sesTopicArns,
    snsCertificatesDir: snsCertificatesDir === null ? null : path.resolve(snsCertificatesDir),
    mailgunWebhookSigningKey: text('MAILGUN_WEBHOOK_SIGNING_KEY'),
    // A PEM pasted into an environment variable often arrives with literal "\n"s.
    sendgridWebhookPublicKey: text('SENDGRID_WEBHOOK_PUBLIC_KEY')?.replace(/\\n/g, '\n') ?? null,
    logLevel,
    corsOrigins,
    apiRateLimitPerMinute: integer('API_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
  };
  if (config.sendgridWebhookPublicKey !== null) {
    try {
      parseSendGridPublicKey(config.sendgridWebhookPublicKey);
    } catch (error) {
      problems.push(`SENDGRID_WEBHOOK_PUBLIC_KEY ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}
