import { Injectable } from '@nestjs/common';
import { AllowListEntryNotFoundError } from '../domain/allow-list-entry';
import { AllowPattern } from './allow-pattern.use-case';
import { DisallowPattern } from './disallow-pattern.use-case';
import { FindAllowListed } from './find-allow-listed.use-case';
import type { AddedAllowListEntry } from './ports/allow-list.repository.port';

export type { AllowListEntry } from '../domain/allow-list-entry';
export type { AddedAllowListEntry } from './ports/allow-list.repository.port';

/**
 * What other features, and the services that import the library, may ask of the allow-list:
 * whether addresses are on it (seed inboxes, test domains: their reports are recorded and never
 * change them, docs/policy.md, rule 14), and to put patterns on it or take them off.
 */
@Injectable()
export class AllowListFacade {
  constructor(
    private readonly findAllowListed: FindAllowListed,
    private readonly allowPattern: AllowPattern,
    private readonly disallowPattern: DisallowPattern,
  ) {}

  /** Whether the address is on the list, by its own entry or its domain's. */
  async isAllowListed(email: string): Promise<boolean> {
    return (await this.findAllowListed.execute([email])).size > 0;
  }

  /** Those of these addresses that are on the list, as given: one look-up for all of them. */
  allowListedAmong(emails: readonly string[]): Promise<Set<string>> {
    return this.findAllowListed.execute(emails);
  }

  /** Puts `someone@example.com` or `@example.com` on the list (idempotent); throws `InvalidAllowListPatternError` for anything else. */
  allow(pattern: string, options: { readonly note?: string | null; readonly addedBy?: string | null } = {}): Promise<AddedAllowListEntry> {
    return this.allowPattern.execute({ pattern, note: options.note ?? null, addedBy: options.addedBy ?? null });
  }

  /** Takes the pattern off the list; false when it was not on it. */
  async disallow(pattern: string): Promise<boolean> {
    try {
      await this.disallowPattern.execute(pattern);
      return true;
    } catch (error) {
      if (error instanceof AllowListEntryNotFoundError) return false;
      throw error;
    }
  }
}
