import type { Permission } from './permission';

/** Longest name of an API key (it names the operator in the status changes they make). */
export const MAX_API_KEY_NAME_LENGTH = 100;

/** What is stored of a key: its SHA-256, in hex, of exactly this length. */
export const API_KEY_HASH_LENGTH = 64;

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
