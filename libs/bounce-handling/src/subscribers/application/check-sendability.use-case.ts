import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { EmailAddress } from '../../shared/domain/email-address';
import { type Sendability, sendabilityOf, unparsableAddress } from '../domain/sendability';

/** May these addresses be mailed (docs/policy.md, rule 9)? One look-up for all of them. */
@Injectable()
export class CheckSendability {
  constructor(private readonly addresses: AddressStateRepository) {}

  /** One answer per input, in the same order. */
  async execute(emails: readonly string[]): Promise<Sendability[]> {
    const parsed = emails.map((input) => EmailAddress.tryParse(input));
    const distinct = new Map<string, EmailAddress>();
    for (const email of parsed) if (email && !distinct.has(email.value)) distinct.set(email.value, email);
    const statuses = distinct.size === 0 ? new Map() : await this.addresses.suppressedStatusesOf([...distinct.values()]);
    return parsed.map((email, index) => (email ? sendabilityOf(email.value, statuses.get(email.value) ?? 'active') : unparsableAddress(emails[index])));
  }
}
