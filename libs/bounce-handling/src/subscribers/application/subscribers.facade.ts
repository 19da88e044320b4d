import { Injectable } from '@nestjs/common';
import type { Sendability } from '../domain/sendability';
import { CheckSendability } from './check-sendability.use-case';

/**
 * What other features, and the services that import the library, may ask of subscribers:
 * whether an address may be mailed (docs/policy.md, rule 9).
 */
@Injectable()
export class SubscribersFacade {
  constructor(private readonly checkSendabilityOf: CheckSendability) {}

  /** One answer per address, in the same order; an address that is not one is never sendable. */
  checkSendability(emails: readonly string[]): Promise<Sendability[]> {
    return this.checkSendabilityOf.execute(emails);
  }

  async isSendable(email: string): Promise<boolean> {
    const [answer] = await this.checkSendabilityOf.execute([email]);
    return answer.sendable;
  }
}
