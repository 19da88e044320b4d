import { NotFoundError } from '../../shared/domain/domain-error';
import type { AllowListPatternKind } from './allow-list-pattern';

/** Longest note an entry keeps. */
export const MAX_ALLOW_LIST_NOTE_LENGTH = 500;

/**
 * An address or a domain on the allow-list (a seed inbox, a test domain): its reports are
 * recorded and never change its state (docs/policy.md, rule 14). Who put it there and when are
 * kept: the name of the API key (null when added in-process without one), and the time.
 */
export interface AllowListEntry {
  /** As `AllowListPattern` normalises it: `someone@example.com` or `@example.com`. */
  readonly pattern: string;
  readonly kind: AllowListPatternKind;
  readonly note: string | null;
  readonly addedBy: string | null;
  readonly createdAt: Date;
}

export class AllowListEntryNotFoundError extends NotFoundError {
  constructor(readonly pattern: string) {
    super(`${pattern} is not on the allow-list`);
  }
}
