/**
 * How long a suppression by the soft threshold lasts (docs/policy.md, rule 13): it lapses `days`
 * days after it, or never (null). Provided by the module from its options.
 */
export class SoftSuppressionExpiry {
  constructor(readonly days: number | null) {}
}
