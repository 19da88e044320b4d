/**
 * Whether an address may be mailed. `bounced` and `unsubscribed` are suppressed; `unsubscribed`
 * (a person's wish) takes precedence over `bounced` (a mailbox's state).
 */
export const ADDRESS_STATUSES = ['active', 'bounced', 'unsubscribed'] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

/** Why an address's status changed. */
export const STATUS_CHANGE_REASONS = [
  'hard-bounce',
  'soft-bounce-threshold',
  'complaint',
  'reactivation',
] as const;
export type StatusChangeReason = (typeof STATUS_CHANGE_REASONS)[number];

/** A status whose address may not be mailed. */
export type SuppressedStatus = Exclude<AddressStatus, 'active'>;

export function isSuppressed(status: AddressStatus): status is SuppressedStatus {
  return status !== 'active';
}
