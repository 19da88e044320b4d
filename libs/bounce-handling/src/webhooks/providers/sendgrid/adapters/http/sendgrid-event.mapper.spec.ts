import type { DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import * as fx from './__fixtures__/sendgrid-events.fixtures';
import { mapSendGridBatch, mapSendGridEvent, type SendGridMapping, sendGridEventTypeOf } from './sendgrid-event.mapper';

function eventOf(element: unknown): DeliveryEvent {
  const mapping = mapSendGridEvent(element);
  if (mapping.kind !== 'event') throw new Error(`expected an event, got ignored (${mapping.reason})`);
  return mapping.event;
}

function ignoredReasonOf(element: unknown): string {
  const mapping: SendGridMapping = mapSendGridEvent(element);
  if (mapping.kind !== 'ignored') throw new Error(`expected ignored, got a ${mapping.event.kind}`);
  return mapping.reason;
}

describe('mapSendGridEvent', () => {
  describe('classification (docs/providers.md, "SendGrid")', () => {
    it.each([
      ['bounce with type bounce', fx.HARD_BOUNCE, { kind: 'bounce', bounceType: 'hard', subtype: 'Invalid Address' }],
      ['bounce with type blocked', fx.BLOCKED_BOUNCE, { kind: 'bounce', bounceType: 'soft', subtype: 'Reputation' }],
      ['bounce without type', fx.BOUNCE_WITHOUT_TYPE, { kind: 'bounce', bounceType: 'hard', subtype: null }],
      ['dropped for Bounced Address', fx.DROPPED_BOUNCED_ADDRESS, { kind: 'bounce', bounceType: 'hard', subtype: 'Bounced Address' }],
      ['dropped for Invalid', fx.DROPPED_INVALID, { kind: 'bounce', bounceType: 'hard', subtype: 'Invalid' }],
      ['dropped for Spam Reporting Address', fx.DROPPED_SPAM_REPORTING_ADDRESS, { kind: 'complaint', subtype: 'Spam Reporting Address', feedbackType: null }],
      ['spamreport', fx.SPAM_REPORT, { kind: 'complaint', subtype: null, feedbackType: null }],
      ['delivered', fx.DELIVERED, { kind: 'delivery' }],
    ])('maps %s', (_case, element, expected) => {
      expect(eventOf(element)).toMatchObject({ ...expected, source: 'sendgrid' });
    });

    it.each([
      ['processed', fx.PROCESSED],
      ['deferred', fx.DEFERRED],
      ['open', fx.OPEN],
      ['click', fx.CLICK],
      ['unsubscribe', fx.UNSUBSCRIBE],
      ['group_unsubscribe', fx.GROUP_UNSUBSCRIBE],
      ['group_resubscribe', fx.GROUP_RESUBSCRIBE],
      ['an unknown event type', fx.UNKNOWN_EVENT],
      ['an event without an event type', { email: 'a@example.com', sg_event_id: 'x' }],
      ['an event type that is not a string', { event: ['bounce'], email: 'a@example.com', type: 'bounce' }],
    ])('ignores %s: it says nothing about the mailbox', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('not-a-delivery-outcome');
    });

    it.each([
      ['Unsubscribed Address', fx.DROPPED_UNSUBSCRIBED_ADDRESS],
      ['Invalid SMTPAPI header', fx.DROPPED_INVALID_SMTPAPI_HEADER],
      ['Spam Content', fx.DROPPED_SPAM_CONTENT],
      ['no reason at all', { ...fx.DROPPED_SPAM_CONTENT, reason: undefined }],
      ['a reason that is not a string', { ...fx.DROPPED_SPAM_CONTENT, reason: { text: 'Bounced Address' } }],
    ])('ignores dropped for %s: SendGrid refused to send for a reason of ours, not of the address', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('dropped-for-another-reason');
    });

    // The type is SendGrid's word, which decides when nothing else says why (docs/bounce-classification.md).
    const SAYS_NOTHING_ELSE = { ...fx.HARD_BOUNCE, status: undefined, reason: undefined, bounce_classification: undefined };
    it.each([
      ['BOUNCE', 'bounce', 'hard'],
      [' Blocked ', 'bounce', 'soft'],
      ['', 'bounce', 'hard'],
      [null, 'bounce', 'hard'],
      ['expired', 'bounce', 'soft'],
      [42, 'bounce', 'soft'],
    ])('reads the bounce type %p without regard to case or blanks, and an unknown one as soft', (type, _event, bounceType) => {
      expect(eventOf({ ...SAYS_NOTHING_ELSE, type })).toMatchObject({ kind: 'bounce', bounceType });
    });

    it.each([
      ['Bounced Address', 'hard'],
      ['bounced address', 'hard'],
      [' INVALID ', 'hard'],
      ['spam reporting address', 'complaint'],
    ])('reads the dropped reason %p without regard to case or blanks', (reason, expected) => {
      const event = eventOf({ ...fx.DROPPED_BOUNCED_ADDRESS, reason });
      expect(event.kind === 'bounce' ? event.bounceType : event.kind).toBe(expected);
    });

    it('reads the event type without regard to case', () => {
      expect(eventOf({ ...fx.SPAM_REPORT, event: ' SpamReport ' })).toMatchObject({ kind: 'complaint' });
    });
  });

  describe('why it bounced (docs/bounce-classification.md)', () => {
    const cause = (reason: string, category: string, status: string | null) => ({ reason, category, status, remoteMta: null });
    const bounce = (type: string, bounce_classification: string | undefined, status: string | undefined, reason: string | undefined) => ({
      ...fx.HARD_BOUNCE,
      type,
      bounce_classification,
      status,
      reason,
    });

    it.each<[string, unknown, string, ReturnType<typeof cause>]>([
      [
        "a bounce classified Reputation is the sender's, and soft, though SendGrid typed it bounce",
        bounce('bounce', 'Reputation', '5.7.1', '550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org'),
        'soft',
        cause('blocked', 'sender', '5.7.1'),
      ],
      [
        'a bounce classified Reputation with nothing finer is bad reputation',
        bounce('bounce', 'Reputation', '5.0.0', '550 Message rejected'),
        'soft',
        cause('bad_reputation', 'sender', '5.0.0'),
      ],
      ["SendGrid's own blocked example (Reputation, SpamCop) is a block", fx.BLOCKED_BOUNCE, 'soft', cause('blocked', 'sender', '5.7.1')],
      ["an Invalid Address for an unknown user is the recipient's, and hard", fx.HARD_BOUNCE, 'hard', cause('user_unknown', 'recipient', '5.1.1')],
      ['an Invalid Address for an unknown domain is hard', fx.BOUNCE_TO_INVALID_AT_INVALID, 'hard', cause('host_unknown', 'recipient', '5.1.2')],
      [
        'a Mailbox Unavailable that is full is soft',
        bounce('bounce', 'Mailbox Unavailable', '5.2.2', '552 5.2.2 <someone@example.com>: Mailbox full'),
        'soft',
        cause('mailbox_full', 'mailbox', '5.2.2'),
      ],
      [
        "a Technical Failure never becomes the recipient's, even when the server says user unknown",
        bounce('blocked', 'Technical Failure', '4.4.1', '451 4.4.1 reply: read error from mx.example.com.'),
        'soft',
        cause('network_error', 'transient', '4.4.1'),
      ],
      ['a dropped Bounced Address is suppressed, hard', fx.DROPPED_BOUNCED_ADDRESS, 'hard', cause('suppressed', 'recipient', null)],
      ['a dropped Invalid is an unknown user, hard', fx.DROPPED_INVALID, 'hard', cause('user_unknown', 'recipient', null)],
    ])('%s', (_case, element, bounceType, classification) => {
      expect(eventOf(element)).toMatchObject({ kind: 'bounce', bounceType, classification });
    });
  });

  describe('subtype and diagnostic code', () => {
    it('takes the subtype from bounce_classification, else the bounce type, else the dropped reason', () => {
      expect(eventOf(fx.BLOCKED_BOUNCE)).toMatchObject({ subtype: 'Reputation' });
      expect(eventOf({ ...fx.BLOCKED_BOUNCE, bounce_classification: undefined })).toMatchObject({ subtype: 'blocked' });
      expect(eventOf({ ...fx.HARD_BOUNCE, bounce_classification: '  ' })).toMatchObject({ subtype: 'bounce' });
      expect(eventOf(fx.DROPPED_INVALID)).toMatchObject({ subtype: 'Invalid' });
    });

    it('keeps the SMTP text as diagnostic code when it already names the status', () => {
      expect(eventOf(fx.BLOCKED_BOUNCE)).toMatchObject({ diagnosticCode: '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net' });
    });

    it('adds the status to the SMTP text when the text does not name it', () => {
      expect(eventOf(fx.BOUNCE_WITHOUT_TYPE)).toMatchObject({ diagnosticCode: '550 Requested action not taken: mailbox unavailable (status 5.0.0)' });
    });

    it('uses the status alone when there is no text, and nothing when there is neither', () => {
      expect(eventOf({ ...fx.HARD_BOUNCE, reason: undefined })).toMatchObject({ diagnosticCode: '5.1.1' });
      expect(eventOf({ ...fx.HARD_BOUNCE, reason: undefined, status: undefined })).toMatchObject({ diagnosticCode: null });
    });
  });

  describe('dedupe key and message id', () => {
    it('uses sg_event_id as the provider event id', () => {
      expect(eventOf(fx.HARD_BOUNCE).providerEventId).toBe('YmNrLTEyMzQ1Njc4OTAtMQ');
    });

    it('keeps the key of a reused sg_event_id for two distinct events (the store answers the second as a duplicate)', () => {
      expect(eventOf(fx.REUSED_ID_BOUNCE).providerEventId).toBe(fx.REUSED_EVENT_ID);
      expect(eventOf(fx.REUSED_ID_SPAM_REPORT).providerEventId).toBe(fx.REUSED_EVENT_ID);
    });

    it('replaces an sg_event_id over 255 characters by its sha256 digest', () => {
      const key = eventOf({ ...fx.HARD_BOUNCE, sg_event_id: 'a'.repeat(300) }).providerEventId;
      expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(eventOf({ ...fx.HARD_BOUNCE, sg_event_id: 'a'.repeat(301) }).providerEventId).not.toBe(key);
    });

    it('derives a key from the event’s own fields when sg_event_id is absent: the same on every re-delivery', () => {
      const key = eventOf(fx.BOUNCE_WITHOUT_EVENT_ID).providerEventId;
      expect(key).toMatch(/^derived:sha256:[0-9a-f]{64}$/);
      expect(eventOf(JSON.parse(JSON.stringify(fx.BOUNCE_WITHOUT_EVENT_ID))).providerEventId).toBe(key);
      expect(eventOf({ ...fx.BOUNCE_WITHOUT_EVENT_ID, category: 'other', campaign_id: 'other' }).providerEventId).toBe(key);
    });

    it.each([
      ['event', { event: 'dropped', reason: 'Bounced Address' }],
      ['email', { email: 'other@example.com' }],
      ['timestamp', { timestamp: 1767960001 }],
      ['sg_message_id', { sg_message_id: 'b3RoZXI.filter0001.1.0' }],
      ['type', { type: 'blocked' }],
      ['reason', { reason: '550 something else' }],
    ])('derives a different key when %s differs', (_field, change) => {
      expect(eventOf({ ...fx.BOUNCE_WITHOUT_EVENT_ID, ...change }).providerEventId).not.toBe(eventOf(fx.BOUNCE_WITHOUT_EVENT_ID).providerEventId);
    });

    it.each([[''], ['   '], [null], [{ id: 'x' }], [['x']]])('derives the key when sg_event_id is %p', (sgEventId) => {
      expect(eventOf({ ...fx.HARD_BOUNCE, sg_event_id: sgEventId }).providerEventId).toMatch(/^derived:sha256:/);
    });

    it('takes a numeric sg_event_id as text', () => {
      expect(eventOf({ ...fx.HARD_BOUNCE, sg_event_id: 12345 }).providerEventId).toBe('12345');
    });

    it('uses the part of sg_message_id before the first dot (the X-Message-Id of the send) as the message id', () => {
      expect(eventOf(fx.HARD_BOUNCE).providerMessageId).toBe('14c5d75ce93');
      expect(eventOf(fx.BLOCKED_BOUNCE).providerMessageId).toBe('grsqxFa9Tl2ln0eFR2Nfzw');
    });

    it('gives one message id to two events of one message that went through different SendGrid hops', () => {
      const first = eventOf({ ...fx.BLOCKED_BOUNCE, sg_message_id: 'grsqxFa9Tl2ln0eFR2Nfzw.filterdrecv-a-1.0' });
      const second = eventOf({ ...fx.BLOCKED_BOUNCE, sg_event_id: 'b3RoZXI', sg_message_id: 'grsqxFa9Tl2ln0eFR2Nfzw.filterdrecv-b-7.0' });
      expect(first.providerMessageId).toBe(second.providerMessageId);
    });

    it.each([
      ['without a dot', 'bm8tZG90cw', 'bm8tZG90cw'],
      ['starting with a dot', '.filter0001.1.0', '.filter0001.1.0'],
      ['absent', undefined, null],
      ['not a string', { id: 1 }, null],
      ['over 255 characters', 'm'.repeat(300), 'm'.repeat(255)],
    ])('handles an sg_message_id %s', (_case, sgMessageId, expected) => {
      expect(eventOf({ ...fx.HARD_BOUNCE, sg_message_id: sgMessageId }).providerMessageId).toBe(expected);
    });
  });

  describe('campaign attribution', () => {
    it.each([
      ['a string', 'jan-2026', 'jan-2026'],
      ['a number', 42, '42'],
      ['padded text', '  jan-2026 ', 'jan-2026'],
      ['absent', undefined, null],
      ['empty', '', null],
      ['an object', { id: 'jan-2026' }, null],
      ['an array', ['jan-2026'], null],
      ['over 100 characters', 'c'.repeat(101), null],
      ['not a campaign id (spaces)', 'my campaign', null],
      ['not a finite number', Number.NaN, null],
      ['exactly 100 characters', 'c'.repeat(100), 'c'.repeat(100)],
      ['numeric-looking text (as given, leading zeros kept)', '007', '007'],
      ['a negative number', -1, null],
      ['a fraction', 4.2, null],
      ['a number past the safe integers', 2 ** 53, null],
      ['a boolean', true, null],
    ])('reads a campaign_id custom arg that is %s', (_case, campaignId, expected) => {
      expect(eventOf({ ...fx.HARD_BOUNCE, campaign_id: campaignId }).campaignId).toBe(expected);
    });

    it('attributes complaints and deliveries too', () => {
      expect(eventOf(fx.SPAM_REPORT).campaignId).toBe('77');
      expect(eventOf(fx.DELIVERED).campaignId).toBe('jan-2026');
    });
  });

  describe('recipients', () => {
    it('normalises an address in mixed case', () => {
      expect(eventOf(fx.BOUNCE_TO_MIXED_CASE).email.value).toBe('john.doe@example.com');
    });

    it('records a recipient that fails strict validation, such as invalid@invalid', () => {
      expect(eventOf(fx.BOUNCE_TO_INVALID_AT_INVALID)).toMatchObject({ kind: 'bounce', bounceType: 'hard', email: { value: 'invalid@invalid' } });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['not a string', 42],
      ['an array of addresses', ['a@example.com']],
      ['without a domain', 'john@'],
      ['without an @', 'john.example.com'],
      ['with a line break', 'john\n@example.com'],
      ['with a NUL', 'john\u0000@example.com'],
      ['longer than SMTP allows', `${'j'.repeat(250)}@example.com`],
    ])('ignores a bounce whose email is %s', (_case, email) => {
      expect(ignoredReasonOf({ ...fx.HARD_BOUNCE, email })).toBe('no-usable-address');
    });

    it('ignores a delivery or complaint with no usable address the same way', () => {
      expect(ignoredReasonOf({ ...fx.DELIVERED, email: null })).toBe('no-usable-address');
      expect(ignoredReasonOf({ ...fx.SPAM_REPORT, email: '' })).toBe('no-usable-address');
    });
  });

  describe('what is kept', () => {
    it('keeps the event object itself as the raw payload, with source sendgrid', () => {
      const event = eventOf(fx.HARD_BOUNCE);
      expect(event.rawPayload).toBe(fx.HARD_BOUNCE);
      expect(event).toEqual({
        kind: 'bounce',
        bounceType: 'hard',
        email: expect.objectContaining({ value: 'john@example.com' }),
        source: 'sendgrid',
        providerEventId: 'YmNrLTEyMzQ1Njc4OTAtMQ',
        providerMessageId: '14c5d75ce93',
        campaignId: 'jan-2026',
        subtype: 'Invalid Address',
        diagnosticCode: fx.HARD_BOUNCE.reason,
        classification: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: null },
        rawPayload: fx.HARD_BOUNCE,
      });
    });

    it('maps an event whose category is a string exactly as one whose category is an array', () => {
      const { rawPayload: _a, providerEventId: _b, ...fromString } = eventOf(fx.BOUNCE_WITH_CATEGORY_STRING);
      const { rawPayload: _c, providerEventId: _d, ...fromArray } = eventOf(fx.HARD_BOUNCE);
      expect(fromString).toEqual(fromArray);
    });

    it.each([
      ['a string', 'newsletter'],
      ['an array', ['a', 'b']],
      ['a number', 5],
      ['an object', { a: 1 }],
      ['null', null],
    ])('is not disturbed by a category that is %s', (_case, category) => {
      expect(eventOf({ ...fx.DROPPED_SPAM_REPORTING_ADDRESS, category })).toMatchObject({ kind: 'complaint' });
    });
  });

  describe('malformed and hostile elements', () => {
    it.each([
      ['null', null],
      ['a number', 42],
      ['a string', 'bounce'],
      ['a boolean', true],
      ['an array', [fx.HARD_BOUNCE]],
      ['undefined', undefined],
    ])('ignores an element that is %s', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('not-an-object');
    });

    it('truncates a huge reason to 4000 characters and a huge classification to 255', () => {
      const event = eventOf({ ...fx.HARD_BOUNCE, reason: 'r'.repeat(1_000_000), bounce_classification: 'c'.repeat(10_000) });
      expect(event).toMatchObject({ diagnosticCode: 'r'.repeat(4000), subtype: 'c'.repeat(255) });
    });

    it('strips NUL characters (PostgreSQL refuses them) and keeps other Unicode as sent', () => {
      const event = eventOf({
        ...fx.HARD_BOUNCE,
        reason: '550 user\u0000 unknown — «Ünïcødé» 📫 \u202e',
        status: undefined,
        bounce_classification: 'Invalid\u0000 Address',
      });
      expect(event).toMatchObject({ diagnosticCode: '550 user unknown — «Ünïcødé» 📫 \u202e', subtype: 'Invalid Address' });
    });

    it('ignores fields of the wrong type rather than failing', () => {
      const event = eventOf({ ...fx.HARD_BOUNCE, reason: { nested: true }, status: ['5.1.1'], bounce_classification: 7, type: undefined });
      expect(event).toMatchObject({ kind: 'bounce', bounceType: 'hard', diagnosticCode: null, subtype: '7' });
    });

    it('maps an event with deeply nested values in its fields, also when deriving its key', () => {
      let nested: unknown = 'deep';
      for (let depth = 0; depth < 100_000; depth += 1) nested = { nested };
      const event = eventOf({ ...fx.BOUNCE_WITHOUT_EVENT_ID, timestamp: nested, reason: nested, extra: nested });
      expect(event).toMatchObject({ kind: 'bounce', diagnosticCode: '5.1.1', providerEventId: expect.stringMatching(/^derived:sha256:/) });
    });

    it('reads only the event’s own fields: a __proto__ key changes nothing', () => {
      const element = JSON.parse('{"__proto__":{"event":"bounce","email":"x@example.com"},"event":"open","email":"a@example.com"}');
      expect(ignoredReasonOf(element)).toBe('not-a-delivery-outcome');
      expect(ignoredReasonOf(JSON.parse('{"__proto__":{"event":"bounce","email":"x@example.com"}}'))).toBe('not-a-delivery-outcome');
    });

    it('maps every element of the documented batch', () => {
      expect(fx.DOCUMENTED_BATCH.map((element) => eventOf(element)).map((event) => [event.kind, event.email.value])).toEqual([
        ['bounce', 'a@example.com'],
        ['bounce', 'b@example.com'],
        ['complaint', 'c@example.com'],
      ]);
    });
  });
});

describe('mapSendGridBatch', () => {
  it('gives the events to ingest in the order posted, and every other element ignored by position and type, never by address', () => {
    const mapping = mapSendGridBatch([fx.HARD_BOUNCE, null, fx.OPEN, { ...fx.SPAM_REPORT, email: 'secret.person@' }, [fx.DELIVERED], fx.DELIVERED]);
    expect(mapping.received).toBe(6);
    expect(mapping.events.map((event) => [event.kind, sendGridEventTypeOf(event)])).toEqual([
      ['bounce', 'bounce'],
      ['delivery', 'delivered'],
    ]);
    expect(mapping.ignored).toEqual([
      { reason: 'not-an-object', detail: '#1 (null)' },
      { reason: 'not-a-delivery-outcome', detail: '#2 (open)' },
      { reason: 'no-usable-address', detail: '#3 (spamreport)' },
      { reason: 'not-an-object', detail: '#4 (array)' },
    ]);
  });

  it('gives nothing for an empty batch', () => {
    expect(mapSendGridBatch([])).toEqual({ events: [], received: 0, ignored: [] });
  });
});
