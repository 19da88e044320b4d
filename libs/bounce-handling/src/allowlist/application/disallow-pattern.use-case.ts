import { Injectable } from '@nestjs/common';
import { AllowListEntryNotFoundError } from '../domain/allow-list-entry';
import { AllowListPattern } from '../domain/allow-list-pattern';
import { AllowListRepository } from './ports/allow-list.repository.port';

/**
 * Takes an address or a domain off the allow-list: its reports change it again from then on.
 * What was recorded while it was on the list stays as it was (no report is applied again).
 */
@Injectable()
export class DisallowPattern {
  constructor(private readonly allowList: AllowListRepository) {}

  /** Throws `AllowListEntryNotFoundError` when the pattern is not on the list. */
  async execute(input: string): Promise<void> {
    const pattern = AllowListPattern.parse(input);
    if (!(await this.allowList.remove(pattern.value))) throw new AllowListEntryNotFoundError(pattern.value);
  }
}
