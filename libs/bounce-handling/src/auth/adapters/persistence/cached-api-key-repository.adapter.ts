import type { TableChanges } from '../../../shared/adapters/persistence/table-changes';
import type { Clock } from '../../../shared/application/ports/clock.port';
import { ApiKey } from '../../domain/api-key';
import { ApiKeyRepository, type NewApiKey } from '../../application/ports/api-key.repository.port';

/** Keys remembered at most; past it, all are forgotten (unknown keys are remembered too: a flood of wrong ones must not grow it). */
export const MAX_CACHED_API_KEYS = 10_000;

/**
 * How long a looked-up key is trusted without asking the database again, even while the change
 * feed is up: a bound on what a feed that failed unseen could cost.
 */
export const CACHED_API_KEY_MAX_AGE_MS = 60_000;

interface Cached {
  readonly key: ApiKey | null;
  readonly at: number;
}

/**
 * The stored keys, with the look-up by hash — once per API request — answered from memory. A
 * key change anywhere (any process, any writer: the database notifies it, `TableChanges`) empties
 * the cache; a change made here empties it at once. While the notices are not heard, every
 * look-up asks the database, so that a revocation is never missed; an entry is also never older
 * than `CACHED_API_KEY_MAX_AGE_MS`.
 *
 * A look-up that was under way when the cache was emptied is not remembered: it may have read
 * the key from before the change.
 */
export class CachedApiKeyRepository extends ApiKeyRepository {
  private readonly cached = new Map<string, Cached>();
  /** Counts the times the cache was emptied. */
  private generation = 0;

  constructor(
    private readonly stored: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly changes: Pick<TableChanges, 'listening' | 'follow'>,
  ) {
    super();
    changes.follow('api_keys', () => this.forgetAll());
  }

  forgetAll(): void {
    this.generation += 1;
    this.cached.clear();
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    if (!this.changes.listening) return this.stored.findByHash(keyHash);
    const now = this.clock.now().getTime();
    const known = this.cached.get(keyHash);
    if (known !== undefined && now - known.at < CACHED_API_KEY_MAX_AGE_MS && now >= known.at) return known.key;
    const generation = this.generation;
    const key = await this.stored.findByHash(keyHash);
    if (generation === this.generation && this.changes.listening) {
      if (this.cached.size >= MAX_CACHED_API_KEYS) this.cached.clear();
      this.cached.set(keyHash, { key, at: now });
    }
    return key;
  }

  list(): Promise<ApiKey[]> {
    return this.stored.list();
  }

  add(key: NewApiKey): Promise<ApiKey> {
    return this.changing(this.stored.add(key));
  }

  upsert(key: NewApiKey): Promise<ApiKey> {
    return this.changing(this.stored.upsert(key));
  }

  revoke(id: number, at: Date): Promise<ApiKey | null> {
    return this.changing(this.stored.revoke(id, at));
  }

  revokeNamedExcept(name: string, keptId: number, at: Date): Promise<number> {
    return this.changing(this.stored.revokeNamedExcept(name, keptId, at));
  }

  /** Stored, and remembered on the cached key, so that the next use within the resolution writes nothing. */
  async markUsed(id: number, at: Date): Promise<void> {
    await this.stored.markUsed(id, at);
    for (const [hash, entry] of this.cached) {
      const key = entry.key;
      if (key?.id === id) this.cached.set(hash, { ...entry, key: new ApiKey(key.id, key.name, key.permissions, key.createdAt, at, key.revokedAt) });
    }
  }

  private async changing<T>(change: Promise<T>): Promise<T> {
    // Emptied before and after: a look-up under way meanwhile is not remembered either way.
    this.forgetAll();
    try {
      return await change;
    } finally {
      this.forgetAll();
    }
  }
}
