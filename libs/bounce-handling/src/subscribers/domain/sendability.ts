import type { AddressStatus } from '../../shared/domain/address-status';

export const NOT_SENDABLE_REASONS = ['bounced', 'unsubscribed', 'invalid_address'] as const;
export type NotSendableReason = (typeof NOT_SENDABLE_REASONS)[number];

/** Whether a sender may mail an address (docs/policy.md, rule 9), and why not. */
export type Sendability =
  | { readonly email: string; readonly sendable: true; readonly reason: null }
  | { readonly email: string; readonly sendable: false; readonly reason: NotSendableReason };

/** `email` is a normalised, valid address; `status` its state (`active` when it has none). */
export function sendabilityOf(email: string, status: AddressStatus): Sendability {
  return status === 'active' ? { email, sendable: true, reason: null } : { email, sendable: false, reason: status };
}

/** An address that is not one cannot be delivered to: never mail it. */
export function unparsableAddress(input: string): Sendability {
  const email = typeof input === 'string' ? input.trim().toLowerCase() : String(input);
  return { email, sendable: false, reason: 'invalid_address' };
}
