import type { BounceEvent, ComplaintEvent, DeliveryReport } from '../bounces/domain/delivery-event';
import { EmailAddress } from '../shared/domain/email-address';

/** Builders of provider-neutral events for tests: sensible defaults, any field overridable. */
export const aHardBounce = (overrides: Partial<BounceEvent> = {}): BounceEvent => ({
  kind: 'bounce',
  bounceType: 'hard',
  email: EmailAddress.parse('someone@example.com'),
  source: 'api',
  providerEventId: null,
  providerMessageId: null,
  campaignId: null,
  subtype: 'General',
  diagnosticCode: 'smtp; 550 5.1.1 user unknown',
  rawPayload: null,
  ...overrides,
});

export const aSoftBounce = (overrides: Partial<BounceEvent> = {}): BounceEvent => ({
  ...aHardBounce(),
  bounceType: 'soft',
  subtype: 'MailboxFull',
  diagnosticCode: 'smtp; 452 4.2.2 mailbox full',
  ...overrides,
});

export const aComplaint = (overrides: Partial<ComplaintEvent> = {}): ComplaintEvent => ({
  kind: 'complaint',
  email: EmailAddress.parse('someone@example.com'),
  source: 'api',
  providerEventId: null,
  providerMessageId: null,
  campaignId: null,
  subtype: 'abuse',
  feedbackType: 'abuse',
  rawPayload: null,
  ...overrides,
});

export const aDelivery = (overrides: Partial<DeliveryReport> = {}): DeliveryReport => ({
  kind: 'delivery',
  email: EmailAddress.parse('someone@example.com'),
  source: 'api',
  providerEventId: null,
  providerMessageId: null,
  campaignId: null,
  rawPayload: null,
  ...overrides,
});
