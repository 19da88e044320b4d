/** What a host tells the library; nothing inside the library reads the environment. */
export interface BounceHandlingModuleOptions {
  /** Consecutive soft bounces (no delivery in between) that count as a hard bounce. Default 3. */
  readonly softBounceThreshold?: number;
  /** When set, an API key with exactly this value and every permission exists after start. */
  readonly bootstrapApiKey?: string;
  /** Log a line for every status change. Default true. */
  readonly logStatusChanges?: boolean;
}

export interface ResolvedBounceHandlingOptions {
  readonly softBounceThreshold: number;
  readonly bootstrapApiKey: string | null;
  readonly logStatusChanges: boolean;
}

export class InvalidBounceHandlingOptionsError extends Error {}

export function resolveBounceHandlingOptions(options: BounceHandlingModuleOptions): ResolvedBounceHandlingOptions {
  const softBounceThreshold = options.softBounceThreshold ?? 3;
  if (!Number.isInteger(softBounceThreshold) || softBounceThreshold < 1 || softBounceThreshold > 1000) {
    throw new InvalidBounceHandlingOptionsError(`softBounceThreshold must be an integer from 1 to 1000, got ${String(options.softBounceThreshold)}`);
  }
  const bootstrapApiKey = options.bootstrapApiKey?.trim() || null;
  if (bootstrapApiKey !== null && bootstrapApiKey.length < 16) {
    throw new InvalidBounceHandlingOptionsError('bootstrapApiKey must be at least 16 characters long');
  }
  return { softBounceThreshold, bootstrapApiKey, logStatusChanges: options.logStatusChanges ?? true };
}
