import { Injectable } from '@nestjs/common';
import { Clock } from '../../shared/application/ports/clock.port';
import { ValidationError } from '../../shared/domain/domain-error';
import { MAX_ALLOW_LIST_NOTE_LENGTH } from '../domain/allow-list-entry';
import { AllowListPattern } from '../domain/allow-list-pattern';
import { type AddedAllowListEntry, AllowListRepository } from './ports/allow-list.repository.port';

export interface AllowPatternCommand {
  /** `someone@example.com` or `@example.com`; anything else is refused (`InvalidAllowListPatternError`). */
  readonly pattern: string;
  readonly note: string | null;
  /** The API key's name; null for an in-process caller. */
  readonly addedBy: string | null;
}

/**
 * Puts an address or a domain on the allow-list. Idempotent: a pattern already there keeps its
 * entry as it was (its note, who added it and when) and is answered as not created. It lifts no
 * suppression of an address it covers: the allow-list only keeps reports from changing it.
 */
@Injectable()
export class AllowPattern {
  constructor(
    private readonly allowList: AllowListRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: AllowPatternCommand): Promise<AddedAllowListEntry> {
    const pattern = AllowListPattern.parse(command.pattern);
    if (command.note !== null && command.note.length > MAX_ALLOW_LIST_NOTE_LENGTH) {
      const message = `must be shorter than or equal to ${MAX_ALLOW_LIST_NOTE_LENGTH} characters`;
      throw new ValidationError(`note: ${message}`, [{ field: 'note', message }]);
    }
    return this.allowList.add({ pattern: pattern.value, kind: pattern.kind, note: command.note, addedBy: command.addedBy, createdAt: this.clock.now() });
  }
}
