import { Injectable } from '@nestjs/common';
import { addressesCovered, patternsCovering } from '../domain/allow-list-pattern';
import { AllowListRepository } from './ports/allow-list.repository.port';

/**
 * Which of these addresses the allow-list covers, by their own entry or their domain's (that
 * domain exactly): one look-up for all of them, in the caller's transaction when there is one.
 * Addresses are normalised for the look-up; the answer holds them as given.
 */
@Injectable()
export class FindAllowListed {
  constructor(private readonly allowList: AllowListRepository) {}

  async execute(addresses: readonly string[]): Promise<Set<string>> {
    const patterns = [...new Set(addresses.flatMap(patternsCovering))];
    if (patterns.length === 0) return new Set();
    return addressesCovered(addresses, await this.allowList.existing(patterns));
  }
}
