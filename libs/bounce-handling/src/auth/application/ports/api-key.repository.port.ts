import type { ApiKey } from '../../domain/api-key';
import type { Permission } from '../../domain/permission';

export interface NewApiKey {
  readonly name: string;
  readonly keyHash: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: Date;
}

export abstract class ApiKeyRepository {
  abstract add(key: NewApiKey): Promise<ApiKey>;
  /** Adds the key unless one with the same hash exists; then gives it every listed permission and un-revokes it. */
  abstract upsert(key: NewApiKey): Promise<ApiKey>;
  abstract findByHash(keyHash: string): Promise<ApiKey | null>;
  abstract list(): Promise<ApiKey[]>;
  /** Returns the key as revoked, or null when there is no such key. Revoking twice keeps the first date. */
  abstract revoke(id: number, at: Date): Promise<ApiKey | null>;
  abstract markUsed(id: number, at: Date): Promise<void>;
  /** Revokes every key of that name but the one kept (those already revoked keep their date); answers how many it revoked. */
  abstract revokeNamedExcept(name: string, keptId: number, at: Date): Promise<number>;
}
