import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { RESEND_FIXTURES, resendFixture } from './__fixtures__';
import { mapResendEvent } from './resend-event.mapper';

const SVIX_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

type Expected =
  | {
      readonly kind: 'bounce';
      readonly email: string;
      readonly bounceType: 'hard' | 'soft';
      readonly reason: string;
      readonly category: string;
      readonly subtype: string | null;
    }
  | { readonly kind: 'complaint' | 'delivery'; readonly email: string }
  | { readonly kind: 'ignored'; readonly reason: string };

const bounce = (bounceType: 'hard' | 'soft', reason: string, category: string, subtype: string | null, email = 'delivered@resend.dev'): Expected => ({
  kind: 'bounce',
  email,
  bounceType,
  reason,
  category,
  subtype,
});

/** Every fixture and what it becomes: the table of docs/providers.md, "Resend". */
const CASES: ReadonlyArray<readonly [fixture: string, behaviour: string, expected: readonly Expected[]]> = [
  [
    'bounced-permanent-general-user-unknown',
    'a Permanent bounce whose server said 5.1.1 is a hard user_unknown',
    [bounce('hard', 'user_unknown', 'recipient', 'General')],
  ],
  ['bounced-permanent-noemail', 'a Permanent/NoEmail bounce is a hard user_unknown', [bounce('hard', 'user_unknown', 'recipient', 'NoEmail')]],
  [
    'bounced-permanent-suppressed',
    "a Permanent/Suppressed bounce (Resend's example) is a hard bounce, reason suppressed",
    [bounce('hard', 'suppressed', 'recipient', 'Suppressed')],
  ],
  [
    'bounced-permanent-sender-blocked',
    'a Permanent bounce that is a block of the sending IP is a soft sender bounce, whatever Resend called it',
    [bounce('soft', 'blocked', 'sender', 'General')],
  ],
  ['bounced-transient-mailbox-full', 'a Transient/MailboxFull bounce is a soft mailbox_full', [bounce('soft', 'mailbox_full', 'mailbox', 'MailboxFull')]],
  [
    'bounced-transient-content-rejected',
    'a Transient/ContentRejected bounce is a soft sender bounce (our content)',
    [bounce('soft', 'content_error', 'sender', 'ContentRejected')],
  ],
  [
    'bounced-temporary-general',
    "a bounce Resend calls Temporary is soft, the server's 4.x.x deciding the reason",
    [bounce('soft', 'network_error', 'transient', 'General')],
  ],
  ['bounced-undetermined', 'an Undetermined bounce is soft and undetermined', [bounce('soft', 'undetermined', 'undetermined', 'Undetermined')]],
  [
    'bounced-without-type-user-unknown',
    'a bounce with only a message is read from the message: 5.1.1 is a hard user_unknown',
    [bounce('hard', 'user_unknown', 'recipient', null)],
  ],
  [
    'bounced-without-type-mailbox-full',
    'a bounce with only a message saying 5.2.2 (over quota) is a soft mailbox_full',
    [bounce('soft', 'mailbox_full', 'mailbox', null)],
  ],
  [
    'bounced-two-recipients-tags-array',
    'a bounce naming two recipients is one hard bounce each (addresses as written, or in "Name <address>")',
    [
      bounce('hard', 'undetermined', 'undetermined', 'General', 'first@example.com'),
      bounce('hard', 'undetermined', 'undetermined', 'General', 'second@example.com'),
    ],
  ],
  [
    'suppressed',
    'email.suppressed (Resend refused to send to an address on its suppression list) is a hard bounce, reason suppressed',
    [bounce('hard', 'suppressed', 'recipient', 'OnAccountSuppressionList')],
  ],
  [
    'failed-invalid-recipient',
    'email.failed whose reason blames the address is a hard user_unknown',
    [bounce('hard', 'user_unknown', 'recipient', 'invalid_recipient')],
  ],
  ['failed-daily-quota', "email.failed for a reason of Resend's or ours (a quota) is ignored", [{ kind: 'ignored', reason: 'failed-at-resend' }]],
  ['complained', 'email.complained is a complaint', [{ kind: 'complaint', email: 'delivered@resend.dev' }]],
  ['delivered', 'email.delivered is a delivery', [{ kind: 'delivery', email: 'delivered@resend.dev' }]],
  ['sent', 'email.sent is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
  ['scheduled', 'email.scheduled is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
  ['delivery-delayed', 'email.delivery_delayed is ignored (the final bounce, if any, counts)', [{ kind: 'ignored', reason: 'not-used' }]],
  ['opened', 'email.opened is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
  ['clicked', 'email.clicked is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
  ['contact-created', 'contact.created is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
  ['domain-updated', 'domain.updated is ignored', [{ kind: 'ignored', reason: 'not-used' }]],
];

describe('mapResendEvent', () => {
  it('has a row for every fixture', () => {
    expect(CASES.map(([fixture]) => fixture).sort()).toEqual([...RESEND_FIXTURES].sort());
  });

  it.each(CASES)('%s: %s', (fixture, _behaviour, expected) => {
    const mapping = mapResendEvent(SVIX_ID, resendFixture(fixture));
    const got: Expected[] = [
      ...mapping.events.map((event): Expected => {
        if (event.kind === 'bounce') {
          return {
            kind: 'bounce',
            email: event.email.value,
            bounceType: event.bounceType,
            reason: event.classification?.reason ?? 'none',
            category: event.classification?.category ?? 'none',
            subtype: event.subtype,
          };
        }
        return { kind: event.kind, email: event.email.value };
      }),
      ...mapping.ignored.map(({ reason }): Expected => ({ kind: 'ignored', reason })),
    ];
    expect(got).toEqual(expected);
    expect(mapping.received).toBe(expected.length);
  });

  it('keys each report by the svix-id and its recipient, the same on every re-delivery', () => {
    const fixture = resendFixture('bounced-two-recipients-tags-array');
    const first = mapResendEvent(SVIX_ID, fixture).events.map((event) => event.providerEventId);
    const again = mapResendEvent(SVIX_ID, fixture).events.map((event) => event.providerEventId);
    expect(first).toEqual([`${SVIX_ID}:first@example.com`, `${SVIX_ID}:second@example.com`]);
    expect(again).toEqual(first);
    expect(mapResendEvent('msg_another', fixture).events[0].providerEventId).toBe('msg_another:first@example.com');
  });

  it('hashes a key too long for its column', () => {
    const [event] = mapResendEvent('m'.repeat(300), resendFixture('complained')).events;
    expect(event.providerEventId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("takes the message id from email_id, the campaign from a campaign_id tag (object or name/value pairs), and keeps each recipient's own raw event", () => {
    const [first, second] = mapResendEvent(SVIX_ID, resendFixture('bounced-two-recipients-tags-array')).events;
    expect([first.providerMessageId, first.campaignId, second.campaignId]).toEqual(['56761188-7520-42d8-8898-ff6fc54ce618', 'nov-2026', 'nov-2026']);
    expect((second.rawPayload as { data: { to: unknown } }).data.to).toEqual(['Second <second@example.com>']);
    expect(mapResendEvent(SVIX_ID, resendFixture('delivered')).events[0].campaignId).toBe('nov-2026');
  });

  it.each([
    ['no tags', undefined],
    ['a campaign_id that is no campaign id', { campaign_id: 'not a campaign id!' }],
    ['a campaign_id pair with no value', [{ name: 'campaign_id' }]],
    ['tags of another kind', 'campaign_id'],
  ])('links no campaign for %s', (_case, tags) => {
    const event = resendFixture('complained');
    const [mapped] = mapResendEvent(SVIX_ID, { ...event, data: { ...(event.data as object), tags } }).events;
    expect(mapped.campaignId).toBeNull();
  });

  it('reads the diagnostic codes before the message, and keeps both as the diagnostic', () => {
    const [event] = mapResendEvent(SVIX_ID, resendFixture('bounced-permanent-general-user-unknown')).events;
    expect(event.kind === 'bounce' && event.diagnosticCode).toMatch(/^smtp; 550 5\.1\.1 .*\nThe recipient's email provider sent a hard bounce message\.$/s);
  });

  it('reads a bounce type it does not know as soft, never suppressing on one word', () => {
    const event = resendFixture('bounced-permanent-noemail');
    const data = event.data as { bounce: object };
    const [mapped] = mapResendEvent(SVIX_ID, { ...event, data: { ...data, bounce: { message: 'something', type: 'Curious' } } }).events;
    expect(mapped.kind === 'bounce' && [mapped.bounceType, mapped.classification?.reason]).toEqual(['soft', 'undetermined']);
  });

  it('skips a recipient that cannot be an address, keeping the others', () => {
    const event = resendFixture('complained');
    const mapping = mapResendEvent(SVIX_ID, { ...event, data: { ...(event.data as object), to: ['not an address', 42, 'ok@example.com'] } });
    expect(mapping.events.map((mapped) => mapped.email.value)).toEqual(['ok@example.com']);
    expect(mapping.ignored.map(({ reason }) => reason)).toEqual(['no-usable-address', 'no-usable-address']);
    expect(mapping.received).toBe(3);
  });

  it.each([
    ['no data', { type: 'email.bounced' }],
    ['no recipients', { type: 'email.complained', data: { email_id: 'x' } }],
    ['recipients of another kind', { type: 'email.delivered', data: { to: { address: 'a@example.com' } } }],
  ])('refuses an email event with %s as malformed', (_case, event) => {
    expect(() => mapResendEvent(SVIX_ID, event)).toThrow(MalformedWebhookError);
  });
});
