import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../shared/application/page';
import type { AllowListEntry } from '../domain/allow-list-entry';
import { AllowListRepository } from './ports/allow-list.repository.port';

/** The allow-list, newest entry first, with the exact total. */
@Injectable()
export class ListAllowList {
  constructor(private readonly allowList: AllowListRepository) {}

  execute(page: PageRequest): Promise<Page<AllowListEntry>> {
    return this.allowList.list(page);
  }
}
