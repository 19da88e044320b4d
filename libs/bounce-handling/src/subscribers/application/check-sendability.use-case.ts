import { Injectable } from '@nestjs/common';
import { AddressStateRepository } from '../../shared/application/ports/address-state.repository.port';
import { Clock } from '../../shared/application/ports/clock.port';
import { SoftSuppressionExpiry } from '../../shared/application/soft-suppression-expiry';
import { EmailAddress } from '../../shared/domain/email-address';
import { type Sendability, sendabilityOf, unparsableAddress } from '../domain/sendability';

/**
 * May these addresses be mailed now (docs/policy.md, rule 9)? One look-up for all of them. A
 * suppression by the soft threshold that has lapsed is over (rule 13), though the stored status
 * still says `bounced` until the address's next change.
 */
@Injectable()
export class CheckSendability {
  constructor(
    private readonly addresses: AddressStateRepository,
    private readonly clock: Clock,
    private readonly expiry: SoftSuppressionExpiry,
  ) {}

  /** One answer per input, in the same order. */
  async execute(emails: readonly string[]): Promise<Sendability[]> {
    const parsed = emails.map((input) => EmailAddress.tryParse(input));
    const distinct = new Map<string, EmailAddress>();
    for (const email of parsed) if (email && !distinct.has(email.value)) distinct.set(email.value, email);
    const statuses = distinct.size === 0 ? new Map() : await this.addresses.suppressedStatusesOf([...distinct.values()], this.clock.now(), this.expiry.days);
    return parsed.map((email, index) => (email ? sendabilityOf(email.value, statuses.get(email.value) ?? 'active') : unparsableAddress(emails[index])));
  }
}
