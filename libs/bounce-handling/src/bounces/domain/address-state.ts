import type { AddressStatus } from '../../shared/domain/address-status';

/**
 * What the policy needs to know about an address before an event: its status and its run
 * of soft bounces. It lives on the subscriber when there is one, on the address otherwise.
 */
export interface AddressState {
  readonly status: AddressStatus;
  readonly consecutiveSoftBounces: number;
}

export const NEW_ADDRESS_STATE: AddressState = { status: 'active', consecutiveSoftBounces: 0 };
