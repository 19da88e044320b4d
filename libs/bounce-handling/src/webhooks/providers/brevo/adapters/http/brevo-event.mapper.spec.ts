import type { DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import * as fx from './__fixtures__/brevo-events.fixtures';
import { brevoEventTypeOf, mapBrevoEvent, mapBrevoEvents } from './brevo-event.mapper';

function eventOf(element: unknown): DeliveryEvent {
  const mapping = mapBrevoEvent(element);
  if (mapping.kind !== 'event') throw new Error(`expected an event, got ignored (${mapping.reason})`);
  return mapping.event;
}

function ignoredReasonOf(element: unknown): string {
  const mapping = mapBrevoEvent(element);
  if (mapping.kind !== 'ignored') throw new Error(`expected ignored, got a ${mapping.event.kind}`);
  return mapping.reason;
}

const cause = (reason: string, category: string, status: string | null = null) => ({ reason, category, status, remoteMta: null });

describe('mapBrevoEvent', () => {
  describe('classification (docs/providers.md, "Brevo")', () => {
    it.each([
      [
        'hard_bounce for an unknown user',
        fx.HARD_BOUNCE,
        { kind: 'bounce', bounceType: 'hard', subtype: 'hard_bounce', classification: cause('user_unknown', 'recipient', '5.1.1') },
      ],
      [
        'hard_bounce whose server refused the sender',
        fx.HARD_BOUNCE_SENDER_BLOCKED,
        { kind: 'bounce', bounceType: 'soft', classification: cause('blocked', 'sender', '5.7.1') },
      ],
      [
        'hard_bounce without a reason (Brevo’s word decides)',
        fx.HARD_BOUNCE_WITHOUT_REASON,
        { kind: 'bounce', bounceType: 'hard', classification: cause('undetermined', 'undetermined') },
      ],
      [
        'soft_bounce for a full mailbox',
        fx.SOFT_BOUNCE,
        { kind: 'bounce', bounceType: 'soft', subtype: 'soft_bounce', classification: cause('mailbox_full', 'mailbox', '4.2.2') },
      ],
      [
        'blocked for an address on Brevo’s blocklist',
        fx.BLOCKED_BLOCKLISTED_ADDRESS,
        { kind: 'bounce', bounceType: 'hard', subtype: 'blocked', classification: cause('suppressed', 'recipient') },
      ],
      ['blocked for the sender’s sake', fx.BLOCKED_SENDER, { kind: 'bounce', bounceType: 'soft', classification: cause('blocked', 'sender') }],
      ['blocked without a reason', fx.BLOCKED_WITHOUT_REASON, { kind: 'bounce', bounceType: 'soft', classification: cause('blocked', 'sender') }],
      ['invalid_email', fx.INVALID_EMAIL, { kind: 'bounce', bounceType: 'hard', subtype: 'invalid_email', classification: cause('user_unknown', 'recipient') }],
      [
        'invalid_email for an unknown domain',
        fx.INVALID_EMAIL_UNKNOWN_DOMAIN,
        { kind: 'bounce', bounceType: 'hard', classification: cause('host_unknown', 'recipient') },
      ],
      ['spam', fx.SPAM, { kind: 'complaint', subtype: 'spam', feedbackType: null }],
      ['complaint', fx.COMPLAINT, { kind: 'complaint', subtype: 'complaint', feedbackType: null }],
      ['delivered', fx.DELIVERED, { kind: 'delivery' }],
      ['a marketing hardBounce', fx.MARKETING_HARD_BOUNCE, { kind: 'bounce', bounceType: 'hard', subtype: 'hardBounce' }],
      ['a marketing softBounce', fx.MARKETING_SOFT_BOUNCE, { kind: 'bounce', bounceType: 'soft', subtype: 'softBounce' }],
      ['a marketing spam', fx.MARKETING_SPAM, { kind: 'complaint' }],
      ['a marketing delivered', fx.MARKETING_DELIVERED, { kind: 'delivery' }],
      [
        'the API’s name invalid',
        { ...fx.INVALID_EMAIL, event: 'invalid' },
        { kind: 'bounce', bounceType: 'hard', classification: cause('user_unknown', 'recipient') },
      ],
      ['an event name in another case', { ...fx.HARD_BOUNCE, event: 'HARD_BOUNCE' }, { kind: 'bounce', bounceType: 'hard' }],
    ])('maps %s', (_case, element, expected) => {
      expect(eventOf(element)).toMatchObject({ ...expected, source: 'brevo' });
    });

    it.each([
      ['request', fx.REQUEST],
      ['deferred', fx.DEFERRED],
      ['opened', fx.OPENED],
      ['unique_opened', fx.UNIQUE_OPENED],
      ['proxy_open', fx.PROXY_OPEN],
      ['click', fx.CLICK],
      ['unsubscribed', fx.UNSUBSCRIBED],
      ['error', fx.ERROR],
      ['a marketing listAddition', fx.MARKETING_LIST_ADDITION],
      ['an event without a name', { ...fx.HARD_BOUNCE, event: undefined }],
      ['an event name that is not a string', { ...fx.HARD_BOUNCE, event: ['hard_bounce'] }],
      ['an event name inherited by every object', { ...fx.HARD_BOUNCE, event: 'constructor' }],
    ])('ignores %s: it says nothing about the mailbox', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('not-a-delivery-outcome');
    });

    it('ignores blocked for an unsubscribed contact: Brevo’s list, not a bounce', () => {
      expect(ignoredReasonOf(fx.BLOCKED_UNSUBSCRIBED)).toBe('blocked-for-unsubscription');
    });

    it.each([
      ['no email', { ...fx.HARD_BOUNCE, email: undefined }],
      ['an email that is no address', { ...fx.HARD_BOUNCE, email: 'not an address' }],
      ['an email that is not a string', { ...fx.SPAM, email: ['jane@example.com'] }],
    ])('ignores a bounce with %s', (_case, element) => {
      expect(ignoredReasonOf(element)).toBe('no-usable-address');
    });

    it('ignores an element that is not an object', () => {
      expect(ignoredReasonOf('hard_bounce')).toBe('not-an-object');
    });
  });

  describe('what is recorded', () => {
    it('keeps the address normalised, the message id, the server’s reason and the raw event', () => {
      expect(eventOf({ ...fx.HARD_BOUNCE, email: 'John@Example.COM' })).toMatchObject({
        email: { value: 'john@example.com' },
        providerMessageId: '<202601091220.12345678901@smtp-relay.mailin.fr>',
        diagnosticCode: fx.HARD_BOUNCE.reason,
        rawPayload: { ...fx.HARD_BOUNCE, email: 'John@Example.COM' },
      });
    });

    it('gives the event name of a mapped event back', () => {
      expect(brevoEventTypeOf(eventOf(fx.SOFT_BOUNCE))).toBe('soft_bounce');
    });
  });

  describe('dedupe key: a SHA-256 digest of event, email, message-id and ts_epoch', () => {
    const keyOf = (element: unknown) => eventOf(element).providerEventId;

    it('is a digest, the same for a re-delivery', () => {
      expect(keyOf(fx.HARD_BOUNCE)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(keyOf(structuredClone(fx.HARD_BOUNCE))).toBe(keyOf(fx.HARD_BOUNCE));
    });

    it('ignores the fields outside the digest (a subject, a reason re-worded)', () => {
      expect(keyOf({ ...fx.HARD_BOUNCE, subject: 'another', reason: 'another' })).toBe(keyOf(fx.HARD_BOUNCE));
    });

    it.each([
      ['event', { ...fx.HARD_BOUNCE, event: 'soft_bounce' }],
      ['email', { ...fx.HARD_BOUNCE, email: 'jim@example.com' }],
      ['message-id', { ...fx.HARD_BOUNCE, 'message-id': '<other@smtp-relay.mailin.fr>' }],
      ['ts_epoch', { ...fx.HARD_BOUNCE, ts_epoch: 1767964800124 }],
    ])('changes with the %s', (_field, element) => {
      expect(keyOf(element)).not.toBe(keyOf(fx.HARD_BOUNCE));
    });

    it('tells two marketing campaigns’ bounces of one address apart (no message-id nor ts_epoch)', () => {
      expect(keyOf({ ...fx.MARKETING_HARD_BOUNCE, camp_id: 58 })).not.toBe(keyOf(fx.MARKETING_HARD_BOUNCE));
      expect(keyOf(structuredClone(fx.MARKETING_HARD_BOUNCE))).toBe(keyOf(fx.MARKETING_HARD_BOUNCE));
    });
  });

  describe('campaign: X-Mailin-custom, else tag, else the first of tags', () => {
    it.each([
      ['a JSON X-Mailin-custom', fx.HARD_BOUNCE, 'jan-2026'],
      ['JSON X-Mailin-custom over the tag', { ...fx.HARD_BOUNCE, tag: 'other' }, 'jan-2026'],
      ['key:value X-Mailin-custom', fx.SPAM, 'jan-2026'],
      ['key=value; pairs', { ...fx.SPAM, 'X-Mailin-custom': 'user=7; campaign_id=mar-2026' }, 'mar-2026'],
      ['a campaignId key', { ...fx.SPAM, 'X-Mailin-custom': '{"campaignId":"apr-2026"}' }, 'apr-2026'],
      ['X-Mailin-custom as an object', { ...fx.SPAM, 'X-Mailin-custom': { campaign_id: 42 } }, '42'],
      ['the tag, without X-Mailin-custom', fx.DELIVERED, 'jan-2026'],
      ['the tag, when X-Mailin-custom names no campaign', { ...fx.HARD_BOUNCE, 'X-Mailin-custom': '{"user":42}', tag: 'may-2026' }, 'may-2026'],
      ['the first of tags', fx.SOFT_BOUNCE, 'feb-2026'],
      ['nothing, from an X-Mailin-custom that is broken JSON', { ...fx.HARD_BOUNCE, 'X-Mailin-custom': '{"campaign_id":', tag: undefined }, null],
      ['nothing, from a value no campaign could have', { ...fx.HARD_BOUNCE, 'X-Mailin-custom': undefined, tag: 'Welcome email template' }, null],
      ['nothing, from an empty tag (marketing)', fx.MARKETING_HARD_BOUNCE, null],
    ])('reads %s', (_case, element, campaignId) => {
      expect(eventOf(element).campaignId).toBe(campaignId);
    });
  });
});

describe('mapBrevoEvents', () => {
  it('maps each element of a batch, counting what it ignores by position and event name, never by address', () => {
    const mapping = mapBrevoEvents([fx.HARD_BOUNCE, fx.OPENED, 42, fx.DELIVERED, { ...fx.SPAM, email: 'nobody' }]);
    expect(mapping.received).toBe(5);
    expect(mapping.events.map((event) => event.kind)).toEqual(['bounce', 'delivery']);
    expect(mapping.ignored).toEqual([
      { reason: 'not-a-delivery-outcome', detail: '#1 (opened)' },
      { reason: 'not-an-object', detail: '#2 (number)' },
      { reason: 'no-usable-address', detail: '#4 (spam)' },
    ]);
  });
});
