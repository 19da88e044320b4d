import { Injectable } from '@nestjs/common';
import { AllowListFacade } from '../../../allowlist/application/allow-list.facade';
import { AllowList } from '../../application/ports/allow-list.port';

/** The allow-list, asked of its feature through its facade. */
@Injectable()
export class AllowListFacadeAllowList extends AllowList {
  constructor(private readonly allowList: AllowListFacade) {
    super();
  }

  allowListedAmong(emails: readonly string[]): Promise<ReadonlySet<string>> {
    return this.allowList.allowListedAmong(emails);
  }
}
