import type { BouncePolicyRules } from '../domain/bounce-handling.policy';

/** The policy's rules as configured for this deployment; provided by the module from its options. */
export class BounceHandlingRules implements BouncePolicyRules {
  constructor(readonly softBounceThreshold: number) {}
}
