/**
 * Whether an address may be mailed. `bounced` and `unsubscribed` are suppressed; `unsubscribed`
 * (a person's wish) takes precedence over `bounced` (a mailbox's state).
 */
export const ADDRESS_STATUSES = ['active', 'bounced', 'unsubscribed'] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

/** Longest status a column holds: room for the statuses above, and a few more. */
export const MAX_ADDRESS_STATUS_LENGTH = 16;

/** What the bounce-handling policy suppresses an address for: a hard bounce, the soft-bounce threshold, or a complaint. */
export const POLICY_SUPPRESSION_REASONS = ['hard-bounce', 'soft-bounce-threshold', 'complaint'] as const;
export type PolicySuppressionReason = (typeof POLICY_SUPPRESSION_REASONS)[number];

/**
 * What suppresses an address: the policy's reasons, an operator's addition to the suppression
 * list (`manual`), or an imported suppression list (`import`).
 */
export const SUPPRESSION_REASONS = [...POLICY_SUPPRESSION_REASONS, 'manual', 'import'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * Where a suppression came from: a bounce (hard, or the soft-bounce threshold), a complaint, an
 * operator's addition to the list (`manual`), or an imported list (`import`). A function of the
 * suppression's reason (`originOf` in the suppressions' domain), stored beside it for the list's filter.
 */
export const SUPPRESSION_ORIGINS = ['bounce', 'complaint', 'manual', 'import'] as const;
export type SuppressionOrigin = (typeof SUPPRESSION_ORIGINS)[number];

/** Longest origin a column holds: room for the origins above, and a few more. */
export const MAX_SUPPRESSION_ORIGIN_LENGTH = 16;

/** Longest note kept with a suppression added to the list. */
export const MAX_SUPPRESSION_NOTE_LENGTH = 500;

/**
 * Why an address's status changed: what suppressed it, an operator's re-activation (also a removal
 * from the suppression list), or the lapse of a suppression by the soft threshold (docs/policy.md,
 * rule 13).
 */
export const STATUS_CHANGE_REASONS = [...SUPPRESSION_REASONS, 'reactivation', 'soft-suppression-expired'] as const;
export type StatusChangeReason = (typeof STATUS_CHANGE_REASONS)[number];

/** Longest reason a column holds: room for the reasons above, and a few more. */
export const MAX_STATUS_CHANGE_REASON_LENGTH = 32;

/** A status whose address may not be mailed. */
export type SuppressedStatus = Exclude<AddressStatus, 'active'>;

export function isSuppressed(status: AddressStatus): status is SuppressedStatus {
  return status !== 'active';
}
