import type { AddressStatus, SuppressionReason } from '../shared/domain/address-status';
import type { SubscriberBounce } from '../subscribers/application/ports/subscriber-bounces.port';
import { Subscriber } from '../subscribers/domain/subscriber';

export interface SubscriberFields {
  id: number;
  email: string;
  name: string | null;
  status: AddressStatus;
  consecutiveSoftBounces: number;
  softBounceTimes: readonly Date[];
  suppressedBy: SuppressionReason | null;
  lastBounceAt: Date | null;
  statusChangedAt: Date | null;
  createdAt: Date;
}

/** A subscriber for tests: active, named, created on 2026-01-01, any field overridable. */
export const aSubscriber = (overrides: Partial<SubscriberFields> = {}): Subscriber => {
  const fields: SubscriberFields = {
    id: 1,
    email: 'john.doe@example.com',
    name: 'John Doe',
    status: 'active',
    consecutiveSoftBounces: 0,
    softBounceTimes: [],
    suppressedBy: null,
    lastBounceAt: null,
    statusChangedAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
  const { id, email, name, createdAt, ...state } = fields;
  return new Subscriber(id, email, name, state, createdAt);
};

/** A subscriber's bounce as the bounces feature lists it, for tests of what subscribers show of them. */
export const aSubscriberBounce = (overrides: Partial<SubscriberBounce> = {}): SubscriberBounce => ({
  id: 1,
  email: 'john.doe@example.com',
  bounceType: 'hard',
  bounceSubtype: 'NoEmail',
  diagnosticCode: '550 5.1.1 user unknown',
  cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: null },
  source: 'ses',
  subscriberId: 1,
  campaignId: null,
  providerMessageId: null,
  providerEventId: null,
  createdAt: new Date('2026-01-10T12:00:00Z'),
  campaignName: null,
  subscriberName: 'John Doe',
  ...overrides,
});
