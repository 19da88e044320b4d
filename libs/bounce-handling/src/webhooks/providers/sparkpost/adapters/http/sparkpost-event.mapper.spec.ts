import type { DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import * as fx from './__fixtures__/sparkpost-events.fixtures';
import { mapSparkPostBatch, mapSparkPostElement, sparkPostEventTypeOf } from './sparkpost-event.mapper';

function eventOf(element: unknown): DeliveryEvent {
  const mapping = mapSparkPostElement(element);
  if (mapping.kind !== 'event') throw new Error(`expected an event, got ignored (${mapping.reason})`);
  return mapping.event;
}

function ignoredReasonOf(element: unknown): string {
  const mapping = mapSparkPostElement(element);
  if (mapping.kind !== 'ignored') throw new Error(`expected ignored, got a ${mapping.event.kind}`);
  return mapping.reason;
}

describe('mapSparkPostElement', () => {
  describe('bounces, classified by bounce_class first and raw_reason for the finer reason (docs/providers.md, "SparkPost")', () => {
    it.each([
      ['class 10 (Invalid Recipient)', fx.BOUNCE_INVALID_RECIPIENT, 'hard', 'user_unknown', 'recipient'],
      ['class 30 (Generic Bounce: No RCPT)', fx.BOUNCE_NO_RCPT, 'hard', 'user_unknown', 'recipient'],
      ['class 22 (Mailbox Full)', fx.BOUNCE_MAILBOX_FULL, 'soft', 'mailbox_full', 'mailbox'],
      ['class 51 (Spam Block), refined by its words (an IP on a block list)', fx.BOUNCE_SPAM_BLOCK, 'soft', 'blocked', 'sender'],
      [
        'class 51 (Spam Block) without words',
        { ...fx.BOUNCE_SPAM_BLOCK, raw_reason: undefined, reason: undefined, error_code: undefined },
        'soft',
        'bad_reputation',
        'sender',
      ],
      ['class 54 (Relaying Denied)', fx.BOUNCE_RELAYING_DENIED, 'soft', 'no_relaying', 'sender'],
      ['class 24 (Timeout), whose last answer named no MX', fx.BOUNCE_TIMEOUT, 'soft', 'expired', 'transient'],
      ['class 1 (Undetermined), by its words', fx.BOUNCE_UNDETERMINED_USER_UNKNOWN, 'hard', 'user_unknown', 'recipient'],
      ['an out_of_band bounce of class 10', fx.OUT_OF_BAND, 'hard', 'user_unknown', 'recipient'],
    ])('maps a bounce of %s', (_case, event, bounceType, reason, category) => {
      expect(eventOf(fx.element(event))).toMatchObject({ kind: 'bounce', source: 'sparkpost', bounceType, classification: { reason, category } });
    });

    it('lets a block class (50) outweigh words that would blame the address: a sender block never suppresses', () => {
      expect(eventOf(fx.element(fx.BOUNCE_MAIL_BLOCK_USER_WORDS))).toMatchObject({ bounceType: 'soft', classification: { category: 'sender' } });
    });

    it.each([
      ['20', 'undetermined'],
      ['21', 'transient'],
      ['23', 'sender'],
      ['25', 'sender'],
      ['26', 'sender'],
      ['40', 'undetermined'],
      ['50', 'sender'],
      ['52', 'sender'],
      ['53', 'sender'],
      ['70', 'transient'],
    ])('never suppresses on one bounce of class %s whose words say a user is unknown (category %s)', (bounceClass, category) => {
      expect(eventOf(fx.element({ ...fx.BOUNCE_UNDETERMINED_USER_UNKNOWN, bounce_class: bounceClass }))).toMatchObject({
        kind: 'bounce',
        bounceType: 'soft',
        classification: { category },
      });
    });

    it.each([
      ['10', 'hard'],
      [10, 'hard'],
      [' 30 ', 'hard'],
      ['51', 'soft'],
      [51, 'soft'],
    ])('reads bounce_class %p as a string or a number', (bounceClass, bounceType) => {
      expect(eventOf(fx.element({ ...fx.BOUNCE_SPAM_BLOCK, bounce_class: bounceClass }))).toMatchObject({ bounceType });
    });

    it.each([
      ['60 (Auto-Reply)', '60'],
      ['80 (Subscribe)', '80'],
      ['90 (Unsubscribe)', '90'],
      ['100 (Challenge-Response)', '100'],
    ])('ignores a bounce of class %s: no failure of the message', (_case, bounceClass) => {
      expect(ignoredReasonOf(fx.element({ ...fx.BOUNCE_AUTO_REPLY, bounce_class: bounceClass }))).toBe('not-a-failure');
      expect(ignoredReasonOf(fx.element({ ...fx.OUT_OF_BAND, bounce_class: bounceClass }))).toBe('not-a-failure');
    });

    it('keeps the class as the subtype and the raw reason as the diagnostic', () => {
      expect(eventOf(fx.element(fx.BOUNCE_INVALID_RECIPIENT))).toMatchObject({
        subtype: '10',
        diagnosticCode: '550 5.1.1 <recipient@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
        classification: { status: '5.1.1' },
      });
    });

    it('falls back on reason when there is no raw_reason', () => {
      expect(eventOf(fx.element({ ...fx.BOUNCE_MAILBOX_FULL, raw_reason: undefined }))).toMatchObject({
        diagnosticCode: '552 5.2.2 ...@...: Mailbox full, quota exceeded',
      });
    });
  });

  describe('policy_rejection: SparkPost refused to send', () => {
    it('is a refusal of the sender under class 25 (Admin Failure)', () => {
      expect(eventOf(fx.element(fx.POLICY_REJECTION))).toMatchObject({
        kind: 'bounce',
        bounceType: 'soft',
        classification: { reason: 'policy_violation', category: 'sender' },
      });
    });

    it.each([
      ['a class naming no cause', fx.POLICY_REJECTION_USER_WORDS],
      ['no class at all', { ...fx.POLICY_REJECTION_USER_WORDS, bounce_class: undefined }],
      ['a Soft class', { ...fx.POLICY_REJECTION_USER_WORDS, bounce_class: '20' }],
    ])('stays a refusal of the sender with %s, whatever its words say', (_case, event) => {
      expect(eventOf(fx.element(event))).toMatchObject({ kind: 'bounce', bounceType: 'soft', classification: { category: 'sender' } });
    });

    it('names the address when its class is Hard (10)', () => {
      expect(eventOf(fx.element(fx.POLICY_REJECTION_INVALID_RECIPIENT))).toMatchObject({
        bounceType: 'hard',
        classification: { reason: 'user_unknown', category: 'recipient' },
      });
    });
  });

  describe('complaints and deliveries', () => {
    it('maps spam_complaint to a complaint with its feedback type', () => {
      expect(eventOf(fx.element(fx.SPAM_COMPLAINT))).toMatchObject({
        kind: 'complaint',
        email: { value: 'angry@example.com' },
        feedbackType: 'abuse',
        subtype: null,
      });
    });

    it('maps delivery to a delivery report', () => {
      expect(eventOf(fx.element(fx.DELIVERY))).toMatchObject({ kind: 'delivery', email: { value: 'happy@example.com' }, providerEventId: '92356927693813874' });
    });
  });

  describe('every other event is ignored', () => {
    it.each([
      ['injection', fx.INJECTION],
      ['delay (even with a bounce_class)', fx.DELAY],
      ['generation_failure', fx.GENERATION_FAILURE],
      ['generation_rejection', fx.GENERATION_REJECTION],
      ['an unknown type', { ...fx.DELIVERY, type: 'amp_open' }],
      ['a message event without a type', { ...fx.DELIVERY, type: undefined }],
      ['a type that is not text', { ...fx.DELIVERY, type: ['bounce'] }],
    ])('ignores the message event %s: it says nothing about the mailbox', (_case, event) => {
      expect(ignoredReasonOf(fx.element(event))).toBe('not-a-delivery-outcome');
    });

    it.each([
      ['track_event', fx.TRACK_EVENT_ELEMENT],
      ['gen_event', fx.GEN_EVENT_ELEMENT],
      ['unsubscribe_event', fx.UNSUBSCRIBE_EVENT_ELEMENT],
      ['relay_event', fx.RELAY_EVENT_ELEMENT],
      ['{ msys: {} } (SparkPost checking a new webhook)', fx.WEBHOOK_CHECK_ELEMENT],
      ['an empty {}', {}],
      ['msys that is not an object', { msys: 'bounce' }],
      ['message_event that is not an object', { msys: { message_event: [fx.BOUNCE_INVALID_RECIPIENT] } }],
    ])('ignores %s: not a message event', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('not-a-message-event');
    });

    it.each([null, 42, 'bounce', [fx.element(fx.DELIVERY)]])('ignores an element %p that is not an object', (element) => {
      expect(ignoredReasonOf(element)).toBe('not-an-object');
    });

    it.each([
      ['missing', undefined],
      ['not text', 42],
      ['not an address', 'nobody'],
    ])('ignores a bounce whose rcpt_to is %s (and raw_rcpt_to too)', (_case, rcptTo) => {
      expect(ignoredReasonOf(fx.element({ ...fx.BOUNCE_INVALID_RECIPIENT, rcpt_to: rcptTo, raw_rcpt_to: rcptTo }))).toBe('no-usable-address');
    });
  });

  describe('recipients', () => {
    it('reports a cc or bcc recipient about its own rcpt_to', () => {
      expect(eventOf(fx.element(fx.BOUNCE_BCC_RECIPIENT))).toMatchObject({ kind: 'bounce', email: { value: 'hidden@example.com' }, bounceType: 'hard' });
      expect(eventOf(fx.element({ ...fx.BOUNCE_INVALID_RECIPIENT, rcpt_type: 'cc', rcpt_to: 'copy@example.com' }))).toMatchObject({
        email: { value: 'copy@example.com' },
      });
    });

    it('reads rcpt_to normalised, and raw_rcpt_to when rcpt_to is missing', () => {
      expect(eventOf(fx.element({ ...fx.DELIVERY, rcpt_to: ' Happy@Example.COM ' }))).toMatchObject({ email: { value: 'happy@example.com' } });
      expect(eventOf(fx.element({ ...fx.BOUNCE_INVALID_RECIPIENT, rcpt_to: undefined }))).toMatchObject({ email: { value: 'recipient@example.com' } });
    });
  });

  describe('dedupe key, message and campaign', () => {
    it('keys an event by its event_id and names its message by message_id', () => {
      expect(eventOf(fx.element(fx.BOUNCE_INVALID_RECIPIENT))).toMatchObject({
        providerEventId: '92356927693813856',
        providerMessageId: '000443ee14578172be22',
      });
    });

    it('keys a numeric event_id by its digits', () => {
      expect(eventOf(fx.element({ ...fx.DELIVERY, event_id: 123456789 }))).toMatchObject({ providerEventId: '123456789' });
    });

    it('hashes an event_id longer than a key holds', () => {
      expect(eventOf(fx.element({ ...fx.DELIVERY, event_id: 'x'.repeat(1000) })).providerEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it('derives a key from the event itself when it has no event_id, the same on every re-delivery', () => {
      const first = eventOf(fx.element({ ...fx.BOUNCE_INVALID_RECIPIENT, event_id: undefined })).providerEventId;
      expect(first).toMatch(/^derived:sha256:/);
      expect(eventOf(fx.element({ ...fx.BOUNCE_INVALID_RECIPIENT, event_id: undefined })).providerEventId).toBe(first);
      expect(eventOf(fx.element({ ...fx.BOUNCE_NO_RCPT, event_id: undefined })).providerEventId).not.toBe(first);
    });

    it.each([
      ['rcpt_meta.campaign_id before campaign_id', fx.BOUNCE_INVALID_RECIPIENT, 'jan-2026'],
      ['campaign_id when rcpt_meta has none', fx.BOUNCE_BCC_RECIPIENT, 'feb-2026'],
      ['campaign_id when rcpt_meta is missing', fx.OUT_OF_BAND, 'oob-2026'],
      ['nothing for a campaign name that cannot be an id', { ...fx.OUT_OF_BAND, campaign_id: 'Example Campaign Name' }, null],
      [
        'campaign_id when rcpt_meta.campaign_id cannot be an id',
        { ...fx.BOUNCE_INVALID_RECIPIENT, rcpt_meta: { campaign_id: 'not an id' }, campaign_id: '42' },
        '42',
      ],
      ['nothing when there is no campaign', { ...fx.BOUNCE_NO_RCPT, campaign_id: undefined }, null],
    ])('takes %s', (_case, event, campaignId) => {
      expect(eventOf(fx.element(event)).campaignId).toBe(campaignId);
    });

    it('keeps the message event itself as the raw payload', () => {
      expect(eventOf(fx.element(fx.SPAM_COMPLAINT)).rawPayload).toBe(fx.SPAM_COMPLAINT);
    });
  });
});

describe('mapSparkPostBatch', () => {
  it('maps every element of a batch, counting what it ignored and why, without addresses', () => {
    const batch = [
      ...fx.batchOf(fx.BOUNCE_INVALID_RECIPIENT, fx.SPAM_COMPLAINT, fx.DELIVERY, fx.INJECTION),
      fx.TRACK_EVENT_ELEMENT,
      fx.WEBHOOK_CHECK_ELEMENT,
      {},
      42,
    ];
    const mapping = mapSparkPostBatch(batch);
    expect(mapping.received).toBe(8);
    expect(mapping.events.map((event) => event.kind)).toEqual(['bounce', 'complaint', 'delivery']);
    expect(mapping.events.map(sparkPostEventTypeOf)).toEqual(['bounce', 'spam_complaint', 'delivery']);
    expect(mapping.ignored).toEqual([
      { reason: 'not-a-delivery-outcome', detail: '#3 (injection)' },
      { reason: 'not-a-message-event', detail: '#4 (track_event)' },
      { reason: 'not-a-message-event', detail: '#5 (no type)' },
      { reason: 'not-a-message-event', detail: '#6 (no type)' },
      { reason: 'not-an-object', detail: '#7 (number)' },
    ]);
    expect(JSON.stringify(mapping.ignored)).not.toContain('@');
  });
});
