import type { DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import * as fx from './__fixtures__/postmark-records.fixtures';
import { POSTMARK_BOUNCE_TYPES } from './postmark-bounce-types';
import { mapPostmarkRecord } from './postmark-record.mapper';
import { parsePostmarkRecord } from './postmark-record.parser';

type Record = Readonly<{ [key: string]: unknown }>;

function eventOf(record: Record): DeliveryEvent {
  const mapping = mapPostmarkRecord(record);
  expect(mapping.received).toBe(1);
  if (mapping.events.length !== 1) throw new Error(`expected an event, got ignored (${mapping.ignored[0]?.reason})`);
  return mapping.events[0];
}

function ignoredReasonOf(record: Record): string {
  const mapping = mapPostmarkRecord(record);
  expect(mapping.received).toBe(1);
  if (mapping.ignored.length !== 1) throw new Error(`expected ignored, got a ${mapping.events[0]?.kind}`);
  return mapping.ignored[0].reason;
}

describe('mapPostmarkRecord', () => {
  describe('classification (docs/providers.md, "Postmark"): the type first, the server answer within what it allows', () => {
    it.each([
      ['HardBounce with an unknown user', fx.HARD_BOUNCE, 'hard', 'user_unknown', 'recipient', '5.1.1'],
      ['HardBounce whose answer says the domain does not exist', fx.HARD_BOUNCE_NO_SUCH_DOMAIN, 'hard', 'host_unknown', 'recipient', '5.1.2'],
      [
        'HardBounce whose answer blames the sender (the type wins)',
        { ...fx.HARD_BOUNCE, Details: 'smtp;550 5.7.1 blocked using Spamhaus' },
        'hard',
        'user_unknown',
        'recipient',
        '5.7.1',
      ],
      ['HardBounce that says nothing more', { ...fx.HARD_BOUNCE, Details: '' }, 'hard', 'user_unknown', 'recipient', null],
      ['BadEmailAddress', fx.BAD_EMAIL_ADDRESS, 'hard', 'user_unknown', 'recipient', null],
      ['ManuallyDeactivated', fx.MANUALLY_DEACTIVATED, 'hard', 'suppressed', 'recipient', null],
      ['Blocked', fx.BLOCKED, 'soft', 'blocked', 'sender', '5.7.1'],
      [
        'Blocked whose answer says only 5.1.1 (a block is never the address)',
        { ...fx.BLOCKED, Details: 'smtp;550 5.1.1 rejected' },
        'soft',
        'blocked',
        'sender',
        '5.1.1',
      ],
      ['DMARCPolicy', fx.DMARC_POLICY, 'soft', 'auth_failure', 'sender', '5.7.26'],
      ['DMARCPolicy that says nothing more', { ...fx.DMARC_POLICY, Details: '' }, 'soft', 'auth_failure', 'sender', null],
      ['SpamNotification', fx.SPAM_NOTIFICATION, 'soft', 'spam_detected', 'sender', null],
      ['VirusNotification', fx.VIRUS_NOTIFICATION, 'soft', 'virus_detected', 'sender', '5.7.0'],
      ['SMTPApiError', { ...fx.BLOCKED, Type: 'SMTPApiError', TypeCode: 100007, Details: '' }, 'soft', 'content_error', 'sender', null],
      ['TemplateRenderingFailed', { ...fx.BLOCKED, Type: 'TemplateRenderingFailed', TypeCode: 100010, Details: '' }, 'soft', 'content_error', 'sender', null],
      ['SoftBounce of a full mailbox', fx.SOFT_BOUNCE_MAILBOX_FULL, 'soft', 'mailbox_full', 'mailbox', '4.2.2'],
      ['SoftBounce that says nothing more', fx.SOFT_BOUNCE_NO_DETAILS, 'soft', 'undetermined', 'undetermined', null],
      [
        'SoftBounce whose answer is an unknown user (the answer decides)',
        { ...fx.SOFT_BOUNCE_NO_DETAILS, Details: 'smtp;550 5.1.1 no such user' },
        'hard',
        'user_unknown',
        'recipient',
        '5.1.1',
      ],
      ['Transient', fx.TRANSIENT, 'soft', 'network_error', 'transient', '4.4.2'],
      ['DnsError', fx.DNS_ERROR, 'soft', 'network_error', 'transient', null],
      ['Unknown', fx.UNKNOWN, 'soft', 'undetermined', 'undetermined', null],
      ['Unknown whose answer is a full mailbox', { ...fx.UNKNOWN, Details: 'smtp;552 5.2.2 mailbox full' }, 'soft', 'mailbox_full', 'mailbox', '5.2.2'],
      ['Undeliverable', { ...fx.UNKNOWN, Type: 'Undeliverable', TypeCode: undefined }, 'soft', 'undetermined', 'undetermined', null],
      ['Unconfirmed', { ...fx.UNKNOWN, Type: 'Unconfirmed', TypeCode: 100003 }, 'soft', 'undetermined', 'undetermined', null],
      [
        'a type Postmark has not named yet',
        { ...fx.UNKNOWN, Type: 'BrandNewType', TypeCode: 999999, Details: 'smtp;550 5.1.1 unknown user' },
        'hard',
        'user_unknown',
        'recipient',
        '5.1.1',
      ],
    ])('classifies %s', (_case, record, bounceType, reason, category, status) => {
      expect(eventOf(record)).toMatchObject({ kind: 'bounce', bounceType, classification: { reason, category, status, remoteMta: null }, source: 'postmark' });
    });

    it.each([
      ['the type name in any case', { ...fx.BLOCKED, Type: ' BLOCKED ' }, 'blocked'],
      ['the TypeCode when the type name is missing', { ...fx.BLOCKED, Type: undefined }, 'blocked'],
      ['the TypeCode as text', { ...fx.BLOCKED, Type: undefined, TypeCode: '100009', Details: '' }, 'auth_failure'],
      ['the type name over a TypeCode that disagrees', { ...fx.BLOCKED, TypeCode: 1 }, 'blocked'],
    ])('reads %s', (_case, record, reason) => {
      expect(eventOf(record)).toMatchObject({ kind: 'bounce', classification: { reason } });
    });

    it.each([
      ['AutoResponder', fx.AUTO_RESPONDER],
      ['ChallengeVerification', fx.CHALLENGE_VERIFICATION],
      ['AddressChange', { ...fx.AUTO_RESPONDER, Type: 'AddressChange', TypeCode: 128 }],
      ['Subscribe', { ...fx.AUTO_RESPONDER, Type: 'Subscribe', TypeCode: 32 }],
      ['OpenRelayTest', { ...fx.AUTO_RESPONDER, Type: 'OpenRelayTest', TypeCode: 1024 }],
      ['InboundError', { ...fx.AUTO_RESPONDER, Type: 'InboundError', TypeCode: 100008 }],
      ['an AutoResponder known by its TypeCode only', { ...fx.AUTO_RESPONDER, Type: null }],
    ])('ignores a Bounce record of type %s: it is no failure to deliver', (_case, record) => {
      expect(ignoredReasonOf(record)).toBe('not-a-bounce');
    });

    it('gives every listed bounce type a distinct name and code', () => {
      expect(new Set(POSTMARK_BOUNCE_TYPES.map(({ type }) => type)).size).toBe(POSTMARK_BOUNCE_TYPES.length);
      expect(new Set(POSTMARK_BOUNCE_TYPES.map(({ code }) => code)).size).toBe(POSTMARK_BOUNCE_TYPES.length);
    });
  });

  describe('record types', () => {
    it.each([
      ['SpamComplaint', fx.SPAM_COMPLAINT, { kind: 'complaint', subtype: 'SpamComplaint', feedbackType: null, providerEventId: 'SpamComplaint:4323372052' }],
      ['a Bounce of type SpamComplaint', { ...fx.SPAM_COMPLAINT, RecordType: 'Bounce' }, { kind: 'complaint', providerEventId: 'Bounce:4323372052' }],
      ['a mailed Unsubscribe request', fx.UNSUBSCRIBE, { kind: 'complaint', subtype: 'Unsubscribe', providerEventId: 'Bounce:4323372048' }],
      [
        'Delivery',
        fx.DELIVERY,
        {
          kind: 'delivery',
          providerEventId: 'Delivery:883953f4-6105-42a2-a16a-77a8eac79483:john@example.com',
          providerMessageId: '883953f4-6105-42a2-a16a-77a8eac79483',
        },
      ],
    ])('maps %s', (_case, record, expected) => {
      expect(eventOf(record)).toMatchObject({ ...expected, source: 'postmark', campaignId: 'jan-2026' });
    });

    it.each([
      ['Open', fx.OPEN],
      ['Click', fx.CLICK],
      ['an unknown record type', { ...fx.OPEN, RecordType: 'Inbound' }],
    ])('ignores %s: it says nothing about the mailbox', (_case, record) => {
      expect(ignoredReasonOf(record)).toBe('not-a-delivery-outcome');
    });

    it.each([
      ['a suppression', fx.SUBSCRIPTION_CHANGE_SUPPRESSED],
      ['a reactivation', fx.SUBSCRIPTION_CHANGE_REACTIVATED],
    ])('records %s made in Postmark (SubscriptionChange) as ignored, with its reason, never applied', (_case, record) => {
      const mapping = mapPostmarkRecord(record);
      expect(mapping).toEqual({
        events: [],
        received: 1,
        ignored: [{ reason: 'subscription-change-made-in-postmark', detail: expect.stringMatching(/^SubscriptionChange \(SuppressSending: (true|false)/) }],
      });
      expect(JSON.stringify(mapping.ignored)).not.toContain('john@example.com');
    });

    it.each([
      ['a bounce without Email', { ...fx.HARD_BOUNCE, Email: undefined }],
      ['a bounce whose Email is not an address', { ...fx.HARD_BOUNCE, Email: 'nobody' }],
      ['a complaint whose Email is a number', { ...fx.SPAM_COMPLAINT, Email: 42 }],
      ['a delivery without Recipient', { ...fx.DELIVERY, Recipient: undefined }],
    ])('ignores %s, naming no address', (_case, record) => {
      expect(ignoredReasonOf(record)).toBe('no-usable-address');
    });
  });

  describe('the Inactive flag (Postmark deactivated the address)', () => {
    it.each([
      ['a HardBounce Postmark deactivated', { ...fx.HARD_BOUNCE, Inactive: true }, 'hard'],
      ['a HardBounce Postmark left active', { ...fx.HARD_BOUNCE, Inactive: false }, 'hard'],
      ['a SoftBounce flagged inactive', { ...fx.SOFT_BOUNCE_MAILBOX_FULL, Inactive: true }, 'soft'],
      ['a Blocked bounce flagged inactive', { ...fx.BLOCKED, Inactive: true }, 'soft'],
    ])('decides nothing: %s is typed by its Type and Details alone', (_case, record, bounceType) => {
      expect(eventOf(record)).toMatchObject({ kind: 'bounce', bounceType });
    });
  });

  describe('keys, message, campaign and payload', () => {
    it('keys a bounce by RecordType and ID, the same on a re-delivery', () => {
      expect(eventOf(fx.HARD_BOUNCE).providerEventId).toBe('Bounce:4323372036');
      expect(eventOf({ ...fx.HARD_BOUNCE }).providerEventId).toBe(eventOf(fx.HARD_BOUNCE).providerEventId);
      expect(eventOf({ ...fx.HARD_BOUNCE, ID: '4323372036' }).providerEventId).toBe('Bounce:4323372036');
    });

    it('keys a bounce without an ID by a digest of its own fields, stable across re-deliveries and apart from a real key', () => {
      const key = eventOf({ ...fx.HARD_BOUNCE, ID: undefined }).providerEventId;
      expect(key).toMatch(/^Bounce:derived:sha256:[0-9a-f]{64}$/);
      expect(eventOf({ ...fx.HARD_BOUNCE, ID: null }).providerEventId).toBe(key);
      expect(eventOf({ ...fx.HARD_BOUNCE, ID: undefined, BouncedAt: '2026-01-09T11:00:00Z' }).providerEventId).not.toBe(key);
    });

    it('hashes a key longer than a column holds', () => {
      expect(eventOf({ ...fx.DELIVERY, MessageID: 'm'.repeat(300) }).providerEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    });

    it('keys two recipients of one message apart', () => {
      const one = eventOf(fx.DELIVERY).providerEventId;
      expect(eventOf({ ...fx.DELIVERY, Recipient: 'jane@example.com' }).providerEventId).not.toBe(one);
    });

    it.each([
      ['Metadata.campaign_id', fx.HARD_BOUNCE, 'jan-2026'],
      ['a numeric Metadata.campaign_id', { ...fx.HARD_BOUNCE, Metadata: { campaign_id: 42 } }, '42'],
      ['the Tag when Metadata has no campaign_id', { ...fx.HARD_BOUNCE, Metadata: { user_id: 43 } }, 'newsletter'],
      ['the Tag when Metadata is missing', { ...fx.HARD_BOUNCE, Metadata: undefined }, 'newsletter'],
      ['the Tag when the campaign_id could be no campaign', { ...fx.HARD_BOUNCE, Metadata: { campaign_id: 'has spaces' } }, 'newsletter'],
      ['nothing when neither could be a campaign', { ...fx.HARD_BOUNCE, Metadata: {}, Tag: 'x'.repeat(101) }, null],
      ['nothing without either', { ...fx.HARD_BOUNCE, Metadata: undefined, Tag: undefined }, null],
    ])('takes the campaign from %s', (_case, record, campaignId) => {
      expect(eventOf(record).campaignId).toBe(campaignId);
    });

    it('keeps the record as its raw payload, the server answer as its diagnostic and the type as its subtype', () => {
      expect(eventOf(fx.HARD_BOUNCE)).toMatchObject({
        rawPayload: fx.HARD_BOUNCE,
        diagnosticCode: fx.HARD_BOUNCE.Details,
        subtype: 'HardBounce',
        providerMessageId: fx.HARD_BOUNCE.MessageID,
        email: expect.objectContaining({ value: 'john@example.com' }),
      });
    });
  });
});

describe('parsePostmarkRecord', () => {
  const parse = (text: string) => parsePostmarkRecord(Buffer.from(text, 'utf8'));

  it.each([
    ['not JSON', '{"RecordType": "Bounce",'],
    ['empty', ''],
    ['an array', '[{"RecordType": "Bounce"}]'],
    ['null', 'null'],
    ['a string', '"Bounce"'],
    ['an object without RecordType', '{"Email": "john@example.com"}'],
    ['an object whose RecordType is not text', '{"RecordType": 1}'],
  ])('refuses a body that is %s as malformed', (_case, text) => {
    expect(() => parse(text)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('keeps an ID beyond 2^53 as its exact digits, so that two such bounces never share a key', () => {
    const one = parse('{"RecordType":"Bounce","ID":4323372036854775807,"Metadata":{"ID":1}}');
    const two = parse('{"RecordType":"Bounce","ID":4323372036854775806}');
    expect([one.ID, two.ID]).toEqual(['4323372036854775807', '4323372036854775806']);
  });

  it('leaves an ordinary ID a number', () => {
    expect(parse(JSON.stringify(fx.HARD_BOUNCE))).toEqual(fx.HARD_BOUNCE);
  });
});
