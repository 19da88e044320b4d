import { type BouncePolicyRules, DEFAULT_BOUNCE_POLICY_RULES } from '../domain/bounce-handling.policy';

/** The policy's rules as configured for this deployment; provided by the module from its options. */
export class BounceHandlingRules implements BouncePolicyRules {
  readonly senderBlocksSuppress: boolean;
  readonly softBounceWindowDays: number | null;
  readonly softSuppressionExpiryDays: number | null;

  constructor(
    readonly softBounceThreshold: number,
    rules: Partial<Omit<BouncePolicyRules, 'softBounceThreshold'>> = {},
  ) {
    this.senderBlocksSuppress = rules.senderBlocksSuppress ?? DEFAULT_BOUNCE_POLICY_RULES.senderBlocksSuppress;
    this.softBounceWindowDays = rules.softBounceWindowDays ?? DEFAULT_BOUNCE_POLICY_RULES.softBounceWindowDays;
    this.softSuppressionExpiryDays = rules.softSuppressionExpiryDays ?? DEFAULT_BOUNCE_POLICY_RULES.softSuppressionExpiryDays;
  }
}
