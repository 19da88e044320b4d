/**
 * The allow-list as bounces need it: which addresses are seed inboxes or of test domains, whose
 * reports are recorded and never change them (docs/policy.md, rule 14). Bounces only read it.
 */
export abstract class AllowList {
  /**
   * Those of these addresses (normalised) that are on the list, by their own entry or their
   * domain's: one look-up for all of them, in the current transaction.
   */
  abstract allowListedAmong(emails: readonly string[]): Promise<ReadonlySet<string>>;
}
