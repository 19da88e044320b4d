import * as path from 'node:path';

/** The host's configuration, read once from the environment (DESIGN.md §6). */
export interface AppConfig {
  readonly port: number;
  /** Null: start the embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly bootstrapApiKey: string | null;
  readonly softBounceThreshold: number;
}

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
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(text('DATA_DIR') ?? './.data'),
    bootstrapApiKey,
    softBounceThreshold: integer('SOFT_BOUNCE_THRESHOLD', 3, 1, 1000),
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}
