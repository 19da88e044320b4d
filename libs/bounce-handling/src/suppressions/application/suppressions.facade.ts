import { Injectable } from '@nestjs/common';
import type { KeysetPage, KeysetPageRequest } from '../../shared/application/page';
import {
  type AddedSuppressionOrigin,
  type AddSuppressionResult,
  MAX_SUPPRESSIONS_PER_BATCH,
  type RemoveSuppressionResult,
  type Suppression,
  type SuppressionEntry,
  type SuppressionFilter,
} from '../domain/suppression';
import { AddSuppressions } from './add-suppressions.use-case';
import { ListSuppressions } from './list-suppressions.use-case';
import { RemoveSuppressions } from './remove-suppressions.use-case';

/**
 * What other features, and the services that import the library, may do with the suppression
 * list without HTTP: add to it, remove from it, read it. Lists of any length are taken in batches
 * of `MAX_SUPPRESSIONS_PER_BATCH`, one transaction each, in order; results come in the order given.
 */
@Injectable()
export class SuppressionsFacade {
  constructor(
    private readonly addSuppressions: AddSuppressions,
    private readonly removeSuppressions: RemoveSuppressions,
    private readonly listSuppressions: ListSuppressions,
  ) {}

  /** Adds the entries (`added`, `already_suppressed`, `invalid` each); `origin` is `manual` unless said. */
  async suppress(
    entries: readonly SuppressionEntry[],
    options: { readonly actor: string; readonly origin?: AddedSuppressionOrigin },
  ): Promise<AddSuppressionResult[]> {
    const results: AddSuppressionResult[] = [];
    for (const batch of batches(entries)) {
      results.push(...(await this.addSuppressions.execute({ entries: batch, origin: options.origin ?? 'manual', actor: options.actor })));
    }
    return results;
  }

  /**
   * Removes the addresses (`removed`, `not_suppressed`, `kept_complaint` each): a re-activation.
   * Complaints and unsubscribed addresses are kept unless `includeComplaints`.
   */
  async unsuppress(emails: readonly string[], options: { readonly actor: string; readonly includeComplaints?: boolean }): Promise<RemoveSuppressionResult[]> {
    const results: RemoveSuppressionResult[] = [];
    for (const batch of batches(emails)) {
      results.push(...(await this.removeSuppressions.execute({ emails: batch, includeComplaints: options.includeComplaints ?? false, actor: options.actor })));
    }
    return results;
  }

  /** A page of the list, newest suppression first; the filter's addresses and domains normalised (lower-cased). */
  list(filter: SuppressionFilter = {}, page: KeysetPageRequest = { limit: 20, offset: 0 }): Promise<KeysetPage<Suppression>> {
    return this.listSuppressions.execute(filter, page);
  }
}

function batches<T>(items: readonly T[]): T[][] {
  const all: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_SUPPRESSIONS_PER_BATCH) all.push(items.slice(start, start + MAX_SUPPRESSIONS_PER_BATCH));
  return all;
}
