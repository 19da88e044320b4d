import type { Permission } from './permission';

/** An API key as stored: never the key itself, only what it may do and its history. */
export class ApiKey {
  constructor(
    readonly id: number,
    readonly name: string,
    readonly permissions: readonly Permission[],
    readonly createdAt: Date,
    readonly lastUsedAt: Date | null,
    readonly revokedAt: Date | null,
  ) {}

  get isRevoked(): boolean {
    return this.revokedAt !== null;
  }

  can(permission: Permission): boolean {
    return !this.isRevoked && this.permissions.includes(permission);
  }
}
