import { Injectable } from '@nestjs/common';
import type { KeysetPage, KeysetPageRequest } from '../../shared/application/page';
import type { Suppression, SuppressionFilter } from '../domain/suppression';
import { SuppressionRepository } from './ports/suppression.repository.port';

/** A page of the suppression list (`SuppressionRepository.list`), newest suppression first, with the exact total. */
@Injectable()
export class ListSuppressions {
  constructor(private readonly suppressions: SuppressionRepository) {}

  execute(filter: SuppressionFilter, page: KeysetPageRequest): Promise<KeysetPage<Suppression>> {
    return this.suppressions.list(filter, page);
  }
}
