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

/**
 * A provider's bounce that the receiver's refusal of the sender caused (docs/policy.md, rule
 * 11): an IP on a block list, by default, reported by SendGrid as soft.
 */
export const aSenderBlock = (overrides: Partial<BounceEvent> = {}): BounceEvent => ({
  ...aHardBounce(),
  source: 'sendgrid',
  bounceType: 'soft',
  subtype: 'blocked',
  diagnosticCode: '550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org',
  classification: { reason: 'blocked', category: 'sender', status: '5.7.1', remoteMta: 'mx.example.net' },
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
