import type { ApiKeyRepository, NewApiKey } from '../auth/application/ports/api-key.repository.port';
import { ApiKey } from '../auth/domain/api-key';

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  readonly rows: { key: ApiKey; keyHash: string }[] = [];
  markUsedCalls = 0;

  async add(key: NewApiKey): Promise<ApiKey> {
    const apiKey = new ApiKey(this.rows.length + 1, key.name, [...key.permissions], key.createdAt, null, null);
    this.rows.push({ key: apiKey, keyHash: key.keyHash });
    return apiKey;
  }

  async upsert(key: NewApiKey): Promise<ApiKey> {
    const row = this.rows.find((candidate) => candidate.keyHash === key.keyHash);
    if (!row) return this.add(key);
    row.key = new ApiKey(row.key.id, row.key.name, [...key.permissions], row.key.createdAt, row.key.lastUsedAt, null);
    return row.key;
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    return this.rows.find((row) => row.keyHash === keyHash)?.key ?? null;
  }

  async list(): Promise<ApiKey[]> {
    return this.rows.map((row) => row.key);
  }

  async revoke(id: number, at: Date): Promise<ApiKey | null> {
    const row = this.rows.find((candidate) => candidate.key.id === id);
    if (!row) return null;
    const { key } = row;
    row.key = new ApiKey(key.id, key.name, key.permissions, key.createdAt, key.lastUsedAt, key.revokedAt ?? at);
    return row.key;
  }

  async markUsed(id: number, at: Date): Promise<void> {
    this.markUsedCalls += 1;
    const row = this.rows.find((candidate) => candidate.key.id === id);
    if (row) row.key = new ApiKey(row.key.id, row.key.name, row.key.permissions, row.key.createdAt, at, row.key.revokedAt);
  }

  async revokeNamedExcept(name: string, keptId: number, at: Date): Promise<number> {
    const revoked = this.rows.filter((row) => row.key.name === name && row.key.id !== keptId && row.key.revokedAt === null);
    for (const row of revoked) await this.revoke(row.key.id, at);
    return revoked.length;
  }
}
