import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { type MailjetMapping, mapMailjetEvent, mapMailjetEvents } from './mailjet-event.mapper';
import { parseMailjetJson } from './mailjet-json';

type Fixture = Record<string, unknown>;

/** One of the fixtures, read as the controller reads a body (big `MessageID`s kept exact). */
function fx(name: string): Fixture {
  return parseMailjetJson(readFileSync(join(__dirname, '__fixtures__', `${name}.json`), 'utf8')) as Fixture;
}

function eventOf(element: unknown): DeliveryEvent {
  const mapping = mapMailjetEvent(element);
  if (mapping.kind !== 'event') throw new Error(`expected an event, got ignored (${mapping.reason})`);
  return mapping.event;
}

function ignoredReasonOf(element: unknown): string {
  const mapping: MailjetMapping = mapMailjetEvent(element);
  if (mapping.kind !== 'ignored') throw new Error(`expected ignored, got a ${mapping.event.kind}`);
  return mapping.reason;
}

const cause = (reason: string, category: string, status: string | null = null) => ({ reason, category, status, remoteMta: null });

describe('mapMailjetEvent', () => {
  describe('why it bounced: error_related_to/error first, then comment (docs/providers.md, "Mailjet")', () => {
    it.each<[string, string, string, ReturnType<typeof cause>]>([
      ['recipient / user unknown is an unknown user, hard', 'bounce-user-unknown', 'hard', cause('user_unknown', 'recipient', '5.1.1')],
      [
        "Mailjet's documented sample (user unknown, a DNS error in its comment) is the recipient's, hard",
        'bounce-documented-sample',
        'hard',
        cause('host_unknown', 'recipient'),
      ],
      ['recipient / mailbox inactive is a disabled mailbox, hard', 'bounce-mailbox-inactive', 'hard', cause('mailbox_disabled', 'recipient', '5.2.1')],
      ['recipient / quota exceeded is a full mailbox, soft', 'bounce-quota-exceeded', 'soft', cause('mailbox_full', 'mailbox', '4.2.2')],
      ['domain / invalid domain is an unknown host, hard', 'bounce-invalid-domain', 'hard', cause('host_unknown', 'recipient')],
      ['domain / no mail host is an unknown host, hard', 'bounce-no-mail-host', 'hard', cause('host_unknown', 'recipient')],
      [
        "domain / relay/access denied is the sender's, though Mailjet called it hard",
        'bounce-relay-access-denied',
        'soft',
        cause('no_relaying', 'sender', '5.7.1'),
      ],
      ["spam / sender blocked is the sender's block, though Mailjet called it hard", 'bounce-sender-blocked', 'soft', cause('blocked', 'sender', '5.7.1')],
      ["spam / content blocked is the sender's content, soft", 'bounce-content-blocked', 'soft', cause('spam_detected', 'sender', '5.7.1')],
      [
        "spam / policy issue stays the sender's, its comment choosing the finer reason (volume, complaints: reputation)",
        'bounce-policy-issue',
        'soft',
        cause('bad_reputation', 'sender', '4.7.0'),
      ],
      ['system / system issue is transient, soft', 'bounce-system-issue', 'soft', cause('system_error', 'transient')],
      ['system / connection issue is a network error, soft', 'bounce-connection-issue', 'soft', cause('network_error', 'transient')],
      ['a timeout is a network error, soft', 'bounce-timeout', 'soft', cause('network_error', 'transient')],
      ["an error Mailjet never documented takes Mailjet's word: soft", 'bounce-unknown-error-soft', 'soft', cause('undetermined', 'undetermined')],
      ["an error Mailjet never documented takes Mailjet's word: hard", 'bounce-unknown-error-hard', 'hard', cause('undetermined', 'undetermined')],
      [
        "blocked for a known unknown user (documented sample) is the recipient's, hard",
        'blocked-documented-sample',
        'hard',
        cause('user_unknown', 'recipient'),
      ],
      ["blocked as preblocked is Mailjet's own refusal: the sender's, soft", 'blocked-preblocked', 'soft', cause('blocked', 'sender')],
      ['blocked by typofix is an unknown host, hard', 'blocked-typofix', 'hard', cause('host_unknown', 'recipient')],
      ["blocked for a template error is the sender's content, soft", 'blocked-template-error', 'soft', cause('content_error', 'sender')],
    ])('%s', (_case, fixture, bounceType, classification) => {
      expect(eventOf(fx(fixture))).toMatchObject({ kind: 'bounce', source: 'mailjet', bounceType, classification });
    });

    it('takes a policy issue without a comment as a policy violation, soft', () => {
      expect(eventOf({ ...fx('bounce-policy-issue'), comment: undefined })).toMatchObject({
        bounceType: 'soft',
        classification: cause('policy_violation', 'sender'),
      });
    });

    it('reads error and error_related_to without regard to case or blanks', () => {
      expect(eventOf({ ...fx('bounce-sender-blocked'), error: ' Sender  Blocked ', comment: undefined })).toMatchObject({
        bounceType: 'soft',
        classification: cause('blocked', 'sender'),
      });
    });

    it("takes error_related_to alone when the error is one Mailjet never documented and the side is the sender's or Mailjet's", () => {
      expect(eventOf({ ...fx('bounce-unknown-error-hard'), error_related_to: 'spam' })).toMatchObject({
        bounceType: 'soft',
        classification: cause('blocked', 'sender'),
      });
      expect(eventOf({ ...fx('bounce-unknown-error-hard'), error_related_to: 'mailjet' })).toMatchObject({
        bounceType: 'soft',
        classification: cause('blocked', 'sender'),
      });
      expect(eventOf({ ...fx('bounce-unknown-error-hard'), error_related_to: 'system' })).toMatchObject({
        bounceType: 'soft',
        classification: cause('system_error', 'transient'),
      });
    });

    it.each([
      [true, 'hard'],
      [false, 'soft'],
      ['true', 'hard'],
      [' FALSE ', 'soft'],
      [undefined, 'soft'],
      [1, 'soft'],
    ])('reads hard_bounce %p as %s when nothing else says why', (hardBounce, bounceType) => {
      const saysNothingElse = { ...fx('bounce-user-unknown'), error_related_to: undefined, error: undefined, comment: undefined, hard_bounce: hardBounce };
      expect(eventOf(saysNothingElse)).toMatchObject({ kind: 'bounce', bounceType, classification: cause('undetermined', 'undetermined') });
    });

    it('keeps a hard greylisting (Mailjet gave up) as an expired delivery, soft', () => {
      expect(eventOf({ ...fx('bounce-greylisted'), hard_bounce: true })).toMatchObject({
        bounceType: 'soft',
        classification: { reason: 'expired', category: 'transient' },
      });
    });
  });

  describe('other outcomes', () => {
    it.each([
      ['spam (a feedback loop complaint)', 'spam', { kind: 'complaint', subtype: 'JMRPP', feedbackType: null }],
      [
        'blocked for a spam reporter (the address complained before)',
        'blocked-spam-reporter',
        { kind: 'complaint', subtype: 'blocked: recipient: spam reporter', feedbackType: null },
      ],
      ['sent (the receiving server accepted it)', 'sent', { kind: 'delivery' }],
    ])('maps %s', (_case, fixture, expected) => {
      expect(eventOf(fx(fixture))).toMatchObject({ ...expected, source: 'mailjet' });
    });

    it.each([['open'], ['click'], ['unsub']])('ignores %s: it says nothing about the mailbox', (fixture) => {
      expect(ignoredReasonOf(fx(fixture))).toBe('not-a-delivery-outcome');
    });

    it.each([
      ['an unknown event type', { ...fx('open'), event: 'bounced_later' }],
      ['an event without an event type', { ...fx('bounce-user-unknown'), event: undefined }],
      ['an event type that is not a string', { ...fx('bounce-user-unknown'), event: ['bounce'] }],
    ])('ignores %s', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('not-a-delivery-outcome');
    });

    it.each([
      ['duplicate in campaign (the first copy was sent)', 'blocked-duplicate-in-campaign'],
      ["blacklisted (the account's own exclusion list)", 'blocked-blacklisted'],
    ])('ignores blocked for %s: a choice of the sender, not a failure of the address', (_case, fixture) => {
      expect(ignoredReasonOf(fx(fixture))).toBe('not-an-address-failure');
      expect(ignoredReasonOf({ ...fx(fixture), event: 'bounce' })).toBe('not-an-address-failure');
    });

    it('ignores a soft greylisting bounce: a delay, which Mailjet retries and reports again', () => {
      expect(ignoredReasonOf(fx('bounce-greylisted'))).toBe('delay-notice');
    });

    it.each([[''], ['not an address'], [42], [undefined]])('ignores a bounce whose email is %p', (email) => {
      expect(ignoredReasonOf({ ...fx('bounce-user-unknown'), email })).toBe('no-usable-address');
    });

    it('takes the address trimmed and lower-cased, and keeps one that fails a strict check', () => {
      expect(eventOf({ ...fx('spam'), email: ' Angry@Example.COM ' }).email.value).toBe('angry@example.com');
      expect(eventOf(fx('bounce-invalid-domain')).email.value).toBe('invalid@invalid');
    });
  });

  describe('subtype, diagnostic code and raw payload', () => {
    it('stores error_related_to and error as the subtype (blocked: first for a message Mailjet never sent) and comment as the diagnostic', () => {
      expect(eventOf(fx('bounce-sender-blocked'))).toMatchObject({
        subtype: 'spam: sender blocked',
        diagnosticCode: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
      });
      expect(eventOf(fx('blocked-preblocked'))).toMatchObject({ subtype: 'blocked: mailjet: preblocked', diagnosticCode: null });
    });

    it('keeps the event itself as the raw payload', () => {
      const element = fx('bounce-user-unknown');
      expect(eventOf(element).rawPayload).toBe(element);
    });
  });

  describe('dedupe key and message id', () => {
    it('derives the key from event, email, MessageID and time: the same on every re-delivery', () => {
      const key = eventOf(fx('bounce-user-unknown')).providerEventId;
      expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(eventOf(fx('bounce-user-unknown')).providerEventId).toBe(key);
      expect(eventOf({ ...fx('bounce-user-unknown'), CustomID: 'other', comment: 'other', Message_GUID: 'other' }).providerEventId).toBe(key);
      expect(eventOf({ ...fx('bounce-user-unknown'), email: 'JOHN@example.com' }).providerEventId).toBe(key);
    });

    it.each([
      ['event', { event: 'blocked' }],
      ['email', { email: 'other@example.com' }],
      ['MessageID', { MessageID: '19421777835146493' }],
      ['time', { time: 1767960003 }],
    ])('derives a different key when %s differs', (_field, change) => {
      expect(eventOf({ ...fx('bounce-user-unknown'), ...change }).providerEventId).not.toBe(eventOf(fx('bounce-user-unknown')).providerEventId);
    });

    it('keeps a MessageID over 2^53 exact, as the message id, and tells apart two that a number would round together', () => {
      expect(eventOf(fx('bounce-user-unknown')).providerMessageId).toBe('19421777835146492');
      const odd = parseMailjetJson(
        readFileSync(join(__dirname, '__fixtures__', 'bounce-user-unknown.json'), 'utf8').replace('19421777835146492', '19421777835146493'),
      );
      expect(eventOf(odd).providerMessageId).toBe('19421777835146493');
      expect(eventOf(odd).providerEventId).not.toBe(eventOf(fx('bounce-user-unknown')).providerEventId);
    });

    it('takes Message_GUID as the message id when there is no MessageID', () => {
      expect(eventOf({ ...fx('sent'), MessageID: undefined }).providerMessageId).toBe('1ab23cd4-e567-8901-2345-6789f0gh0031');
    });
  });

  describe('campaign', () => {
    it.each([
      ['CustomID', { CustomID: 'jan-2026', Payload: '{"campaign_id":"feb-2026"}', customcampaign: 'mar-2026' }, 'jan-2026'],
      ['a JSON Payload’s campaign_id', { Payload: '{"campaign_id": "feb-2026", "other": 1}', customcampaign: 'mar-2026' }, 'feb-2026'],
      ['a JSON Payload’s numeric campaign_id', { Payload: '{"campaign_id": 42}' }, '42'],
      ['a plain-text Payload', { Payload: ' feb-2026 ', customcampaign: 'mar-2026' }, 'feb-2026'],
      ['customcampaign (X-Mailjet-Campaign)', { customcampaign: 'mar-2026' }, 'mar-2026'],
      ['the next source when CustomID is no campaign id', { CustomID: 'has spaces in it', customcampaign: 'mar-2026' }, 'mar-2026'],
      ['nothing from a JSON Payload without campaign_id', { Payload: '{"meta1": "simple string"}' }, null],
      ['nothing from a Payload that is broken JSON', { Payload: '{"campaign_id": ' }, null],
      ['nothing when none is given', {}, null],
      ['nothing from an id over 100 characters', { CustomID: 'a'.repeat(101) }, null],
    ])('links the bounce by %s', (_case, change, campaignId) => {
      expect(eventOf({ ...fx('bounce-user-unknown'), ...change }).campaignId).toBe(campaignId);
    });
  });
});

describe('mapMailjetEvents', () => {
  it('maps a grouped request, event by event, counting what it ignored by position and type', () => {
    const group = parseMailjetJson(readFileSync(join(__dirname, '__fixtures__', 'grouped.json'), 'utf8')) as unknown[];
    const mapping = mapMailjetEvents([...group, 'junk']);
    expect(mapping.received).toBe(6);
    expect(mapping.events.map((event) => event.kind)).toEqual(['bounce', 'bounce', 'complaint', 'delivery']);
    expect(mapping.ignored).toEqual([
      { reason: 'not-a-delivery-outcome', detail: '#4 (open)' },
      { reason: 'not-an-object', detail: '#5 (string)' },
    ]);
  });

  it('answers an empty group with nothing', () => {
    expect(mapMailjetEvents([])).toEqual({ events: [], received: 0, ignored: [] });
  });
});
