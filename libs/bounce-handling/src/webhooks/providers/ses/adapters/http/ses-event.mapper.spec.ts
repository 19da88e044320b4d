import { createHash } from 'node:crypto';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { SES_FIXTURES, sesFixture, sesMessage } from './__fixtures__';
import { SesEventMapper } from './ses-event.mapper';

const SNS_MESSAGE_ID = '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324';
const map = (message: string | object) => SesEventMapper.toDeliveryEvents(SNS_MESSAGE_ID, typeof message === 'string' ? message : JSON.stringify(message));
/** The events in plain values (addresses as strings) for comparison. */
const summary = (message: string | object) => map(message).events.map(({ rawPayload: _raw, email, ...rest }) => ({ email: email.value, ...rest }));

/** A bounce's cause as the mapper gives it (docs/bounce-classification.md). */
const cause = (reason: string, category: string, status: string | null, remoteMta: string | null = null) => ({ reason, category, status, remoteMta });

describe('SesEventMapper', () => {
  describe('every documented SES event, in both shapes', () => {
    const mapped: [string, object[]][] = [
      [
        'bounce-permanent.event-publishing',
        [
          {
            kind: 'bounce',
            bounceType: 'hard',
            classification: cause('user_unknown', 'recipient', '5.1.1'),
            email: 'recipient@example.com',
            subtype: 'General',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            source: 'ses',
            providerEventId: '0102017f1c6e8a2b-6c2b7f2e-1b7c-4d2e-9d1e-0d5d1f8c1c1e-000000:recipient@example.com',
            providerMessageId: '0102017f1c6e7d4e-1d0f0c4a-3f0b-4a57-8c7d-0e3b1f1a2b3c-000000',
            campaignId: 'jan-2026',
          },
        ],
      ],
      [
        'bounce-permanent-three-recipients.notification',
        ['one', 'two', 'three'].map((name) => ({
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', null, '203.0.113.7'),
          email: `${name}@example.com`,
          subtype: 'NoEmail',
          diagnosticCode: null,
          source: 'ses',
          providerEventId: `00000137860315fd-34208509-5b74-41f3-95c5-22c1edc3c924-000000:${name}@example.com`,
          providerMessageId: '00000137860315fd-869464a4-8680-4114-98d3-716fe35851f9-000000',
          campaignId: 'feb-2026',
        })),
      ],
      [
        'bounce-transient-mailbox-full.event-publishing',
        [
          {
            kind: 'bounce',
            bounceType: 'soft',
            classification: cause('mailbox_full', 'mailbox', '5.2.2'),
            email: 'full@example.com',
            subtype: 'MailboxFull',
            diagnosticCode: 'smtp; 552 5.2.2 mailbox full',
            source: 'ses',
            providerEventId: '0102017f1c6e8a2b-mailbox-full-000000:full@example.com',
            providerMessageId: '0102017f1c6e7d4e-mailbox-full-000000',
            campaignId: null,
          },
        ],
      ],
      [
        'bounce-permanent-on-account-suppression-list.event-publishing',
        [
          {
            kind: 'bounce',
            bounceType: 'hard',
            classification: cause('suppressed', 'recipient', null),
            email: 'suppressed@example.com',
            subtype: 'OnAccountSuppressionList',
            diagnosticCode: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
            source: 'ses',
            providerEventId: '0102017f1c6e8a2b-suppressed-000000:suppressed@example.com',
            providerMessageId: '0102017f1c6e7d4e-suppressed-000000',
            campaignId: 'jan-2026',
          },
        ],
      ],
      [
        'complaint-abuse-two-recipients.notification',
        ['angry@example.com', 'also.angry@example.com'].map((email) => ({
          kind: 'complaint',
          email,
          feedbackType: 'abuse',
          subtype: 'abuse',
          source: 'ses',
          providerEventId: `000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000:${email}`,
          providerMessageId: '000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000',
          campaignId: 'spring-sale',
        })),
      ],
      [
        'complaint-not-spam.event-publishing',
        [
          {
            kind: 'complaint',
            email: 'happy@example.com',
            feedbackType: 'not-spam',
            subtype: 'not-spam',
            source: 'ses',
            providerEventId: '000001378603177f-not-spam-000000:happy@example.com',
            providerMessageId: '000001378603177f-not-spam-mail-000000',
            campaignId: 'jan-2026',
          },
        ],
      ],
      [
        'complaint-without-feedback-report.event-publishing',
        [
          {
            kind: 'complaint',
            email: 'quiet@example.com',
            feedbackType: null,
            subtype: null,
            source: 'ses',
            providerEventId: '000001378603177f-no-arf-000000:quiet@example.com',
            providerMessageId: '000001378603177f-no-arf-mail-000000',
            campaignId: null,
          },
        ],
      ],
      [
        'delivery-two-recipients.event-publishing',
        ['first@example.com', 'second@example.com'].map((email) => ({
          kind: 'delivery',
          email,
          source: 'ses',
          providerEventId: `${SNS_MESSAGE_ID}:${email}`,
          providerMessageId: '0102017f1c6e7d4e-delivered-000000',
          campaignId: 'jan-2026',
        })),
      ],
      [
        'delivery.notification',
        [
          {
            kind: 'delivery',
            email: 'first@example.com',
            source: 'ses',
            providerEventId: `${SNS_MESSAGE_ID}:first@example.com`,
            providerMessageId: '0102017f1c6e7d4e-delivered-identity-000000',
            campaignId: null,
          },
        ],
      ],
    ];
    const ignored = [
      'delivery-delay.event-publishing',
      'send.event-publishing',
      'open.event-publishing',
      'click.event-publishing',
      'reject.event-publishing',
      'rendering-failure.event-publishing',
      'subscription.event-publishing',
      'amazon-sns-subscription-succeeded.notification',
    ];
    const classified = [
      ['bounce-transient-unroutable-domain.notification', 'hard'],
      ['bounce-transient-bad-mailbox-status.event-publishing', 'hard'],
      ['bounce-transient-without-status.notification', 'soft'],
      ['bounce-undetermined.notification', 'soft'],
    ];

    it.each(mapped)('maps %s', (fixture, expected) => {
      expect(summary(sesMessage(fixture))).toEqual(expected);
      expect(map(sesMessage(fixture))).toMatchObject({ received: expected.length, ignored: [] });
    });

    it.each(ignored)('acknowledges %s as one report and maps it to nothing', (fixture) => {
      const mapping = map(sesMessage(fixture));
      expect(mapping.events).toEqual([]);
      expect(mapping.received).toBe(1);
      expect(mapping.ignored).toEqual([{ reason: 'not-used', detail: expect.stringMatching(/events are not used/) }]);
    });

    it('names the type with a space in the log reason (Rendering Failure)', () => {
      expect(map(sesMessage('rendering-failure.event-publishing')).ignored).toEqual([
        { reason: 'not-used', detail: 'SES "Rendering Failure" events are not used' },
      ]);
    });

    it.each(classified)('classifies %s as %s', (fixture, expected) => {
      expect(summary(sesMessage(fixture))).toEqual([expect.objectContaining({ kind: 'bounce', bounceType: expected })]);
    });

    it('covers every fixture in one of the tables above', () => {
      const covered = [...mapped.map(([name]) => name), ...ignored, ...classified.map(([name]) => name)];
      expect([...covered].sort()).toEqual([...SES_FIXTURES].sort());
    });
  });

  describe('classification (docs/providers.md, "Amazon SES (through SNS)")', () => {
    it.each([
      ['Permanent', undefined, 'hard'],
      ['Permanent', '4.2.2', 'hard'],
      ['PERMANENT', undefined, 'hard'],
      ['Transient', undefined, 'soft'],
      ['Transient', '4.2.2', 'soft'],
      ['Transient', '5.2.2', 'soft'],
      ['Transient', '5.7.1', 'soft'],
      ['Transient', '5.1.1', 'hard'],
      ['Transient', '5.1.2', 'hard'],
      ['Transient', '5.1.10', 'hard'],
      ['Transient', ' 5.1.1 ', 'hard'],
      ['Transient', '5.4.4', 'hard'],
      ['Transient', '5.4.40', 'soft'],
      ['Transient', '4.4.4', 'soft'],
      ['Transient', '4.1.1', 'soft'],
      ['Undetermined', undefined, 'soft'],
      ['Undetermined', '5.1.1', 'hard'],
      ['Undetermined', '5.4.4', 'hard'],
      ['Undetermined', 511, 'soft'],
      [undefined, undefined, 'soft'],
      ['SomethingNew', undefined, 'soft'],
      [42, '5.1.1', 'hard'],
    ])('bounceType %p with recipient status %p is %s', (bounceType, status, expected) => {
      expect(SesEventMapper.bounceTypeOf(bounceType, status)).toBe(expected);
    });

    it('classifies each recipient of one bounce on its own status', () => {
      const bounce = sesFixture('bounce-transient-without-status.notification');
      (bounce.bounce as { bouncedRecipients: unknown[] }).bouncedRecipients = [
        { emailAddress: 'a@example.com', status: '5.1.1' },
        { emailAddress: 'b@example.com', status: '4.4.7' },
        { emailAddress: 'c@example.com' },
      ];
      expect(summary(bounce).map((event) => [event.email, (event as { bounceType?: string }).bounceType])).toEqual([
        ['a@example.com', 'hard'],
        ['b@example.com', 'soft'],
        ['c@example.com', 'soft'],
      ]);
    });
  });

  describe('keys, attribution and the raw event', () => {
    it('shares the SES message id and gives each recipient a key of its own', () => {
      const events = map(sesMessage('bounce-permanent-three-recipients.notification')).events;
      expect(new Set(events.map((event) => event.providerMessageId)).size).toBe(1);
      expect(new Set(events.map((event) => event.providerEventId)).size).toBe(3);
    });

    it('falls back to the SNS MessageId when SES gives no feedbackId', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      delete (bounce.bounce as Record<string, unknown>).feedbackId;
      expect(summary(bounce)[0].providerEventId).toBe(`${SNS_MESSAGE_ID}:recipient@example.com`);
      (bounce.bounce as Record<string, unknown>).feedbackId = { not: 'a string' };
      expect(summary(bounce)[0].providerEventId).toBe(`${SNS_MESSAGE_ID}:recipient@example.com`);
    });

    it('digests a key longer than 255 characters', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      const feedbackId = 'f'.repeat(400);
      (bounce.bounce as Record<string, unknown>).feedbackId = feedbackId;
      const key = summary(bounce)[0].providerEventId;
      expect(key).toBe(createHash('sha256').update(`${feedbackId}:recipient@example.com`).digest('hex'));
    });

    it('gives the same key to the same report however often SNS re-sends it', () => {
      const first = SesEventMapper.toDeliveryEvents('sns-1', sesMessage('bounce-permanent.event-publishing')).events[0];
      const again = SesEventMapper.toDeliveryEvents('sns-1', sesMessage('bounce-permanent.event-publishing')).events[0];
      expect(again.providerEventId).toBe(first.providerEventId);
    });

    it.each([
      [
        'the campaign_id tag over the X-Campaign-Id header',
        { tags: { campaign_id: ['from-tag'] }, headers: [{ name: 'X-Campaign-Id', value: 'from-header' }] },
        'from-tag',
      ],
      ['a campaign_id tag given as a plain string', { tags: { campaign_id: 'plain' } }, 'plain'],
      ['the header, in any case, without tags', { headers: [{ name: 'x-CAMPAIGN-id', value: ' spring ' }] }, 'spring'],
      ['the header when the tag is empty', { tags: { campaign_id: [] }, headers: [{ name: 'X-Campaign-Id', value: 'h' }] }, 'h'],
      ['nothing when neither is there', { tags: { 'ses:configuration-set': ['x'] }, headers: [{ name: 'Subject', value: 'x' }] }, null],
      ['nothing for headers of the wrong shape', { headers: [null, 'X-Campaign-Id: 1', { name: 5, value: 'x' }, { name: 'X-Campaign-Id', value: 7 }] }, '7'],
      ['nothing for tags of the wrong shape', { tags: 'campaign_id=1' }, null],
      ['a tag of 100 characters', { tags: { campaign_id: ['c'.repeat(100)] } }, 'c'.repeat(100)],
      ['no campaign for a tag over 100 characters, rather than one cut to another id', { tags: { campaign_id: ['c'.repeat(101)] } }, null],
      ['no campaign for a header over 100 characters', { headers: [{ name: 'X-Campaign-Id', value: `${'c'.repeat(100)}-2` }] }, null],
      ['the header when the tag is no campaign id', { tags: { campaign_id: ['my campaign'] }, headers: [{ name: 'X-Campaign-Id', value: 'h' }] }, 'h'],
      ['a numeric tag, as its text', { tags: { campaign_id: ['42'] } }, '42'],
      ['numeric-looking text as given, leading zeros kept', { tags: { campaign_id: ['007'] } }, '007'],
      [
        'no campaign for a header that is a negative or fractional number',
        {
          headers: [
            { name: 'X-Campaign-Id', value: -1 },
            { name: 'X-Campaign-Id', value: 4.2 },
          ],
        },
        null,
      ],
    ])('attributes the campaign from %s', (_case, mail, expected) => {
      const bounce = sesFixture('bounce-transient-without-status.notification');
      bounce.mail = { ...(bounce.mail as object), ...mail };
      expect(summary(bounce)).toHaveLength(1); // the report is recorded, with or without a campaign
      expect(summary(bounce)[0].campaignId).toBe(expected);
    });

    it('keeps the decoded SES event as raw payload, narrowed to the recipient', () => {
      const events = map(sesMessage('bounce-permanent-three-recipients.notification')).events;
      const original = sesFixture('bounce-permanent-three-recipients.notification');
      expect(events[1].rawPayload).toEqual({
        ...original,
        bounce: { ...(original.bounce as object), bouncedRecipients: [{ emailAddress: 'two@example.com' }] },
      });
      expect(map(sesMessage('delivery-two-recipients.event-publishing')).events[1].rawPayload).toMatchObject({
        eventType: 'Delivery',
        delivery: { recipients: ['Second@Example.com'], smtpResponse: '250 2.6.0 Message received' },
      });
      expect(map(sesMessage('complaint-abuse-two-recipients.notification')).events[0].rawPayload).toMatchObject({
        complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }], complaintFeedbackType: 'abuse' },
      });
    });
  });

  describe('messages that are not SES events (SNS traps)', () => {
    it.each([
      ['SNS’s plain-text topic validation notice', 'Successfully validated SNS topic for Amazon SES event publishing.'],
      ['an empty message', ''],
      ['a JSON string', '"Bounce"'],
      ['a JSON array', '[{"eventType":"Bounce"}]'],
      ['JSON null', 'null'],
      ['an object with no type', '{"mail":{}}'],
      ['a type that is not a string', '{"eventType":["Bounce"],"bounce":{"bouncedRecipients":[{"emailAddress":"a@example.com"}]}}'],
      ['truncated JSON', '{"eventType":"Bounce","bounce":{'],
    ])('acknowledges %s and maps it to nothing', (_case, message) => {
      expect(map(message)).toEqual({ received: 1, events: [], ignored: [{ reason: 'not-an-ses-event', detail: expect.any(String) }] });
    });

    it('reads eventType before notificationType when both are present', () => {
      const delivery = { ...sesFixture('delivery.notification'), eventType: 'Open' };
      expect(map(delivery).events).toEqual([]);
    });
  });

  describe('why it bounced (docs/bounce-classification.md)', () => {
    const bounceOf = (bounceType: string, bounceSubType: string, status: string | undefined, diagnosticCode: string | undefined) => {
      const message = sesFixture('bounce-permanent.event-publishing');
      const bounce = message.bounce as Record<string, unknown>;
      Object.assign(bounce, { bounceType, bounceSubType, remoteMtaIp: '192.0.2.25' });
      bounce.bouncedRecipients = [{ emailAddress: 'someone@example.com', action: 'failed', status, diagnosticCode }];
      const [event] = summary(message) as { bounceType: string; classification: unknown }[];
      return { bounceType: event.bounceType, classification: event.classification };
    };

    it.each<[string, [string, string, string | undefined, string | undefined], string, ReturnType<typeof cause>]>([
      [
        "a Permanent/General block-list refusal is the sender's, and soft",
        [
          'Permanent',
          'General',
          '5.7.1',
          'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
        ],
        'soft',
        cause('blocked', 'sender', '5.7.1', '192.0.2.25'),
      ],
      [
        "a Permanent/General banned sending IP (Office 365) is the sender's, and soft",
        ['Permanent', 'General', '5.7.606', 'smtp; 550 5.7.606 Access denied, banned sending IP [198.51.100.7]. AS(1430)'],
        'soft',
        cause('blocked', 'sender', '5.7.606', '192.0.2.25'),
      ],
      [
        'a Permanent/General DMARC rejection is an authentication failure, soft',
        ['Permanent', 'General', '5.7.26', "smtp; 550-5.7.26 Unauthenticated email from sender.example is not accepted due to domain's DMARC policy."],
        'soft',
        cause('auth_failure', 'sender', '5.7.26', '192.0.2.25'),
      ],
      [
        "a Permanent/General unknown user is the recipient's, and hard",
        ['Permanent', 'General', '5.1.1', 'smtp; 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table'],
        'hard',
        cause('user_unknown', 'recipient', '5.1.1', '192.0.2.25'),
      ],
      [
        'a Permanent/NoEmail without a diagnostic is an unknown user, hard',
        ['Permanent', 'NoEmail', undefined, undefined],
        'hard',
        cause('user_unknown', 'recipient', null, '192.0.2.25'),
      ],
      [
        'a Transient/General unknown user (5.1.1) is hard, as SES mislabels it',
        ['Transient', 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown'],
        'hard',
        cause('user_unknown', 'recipient', '5.1.1', '192.0.2.25'),
      ],
      [
        'a Transient/MailboxFull is a full mailbox, soft',
        ['Transient', 'MailboxFull', '4.2.2', 'smtp; 452 4.2.2 The email account that you tried to reach is over quota.'],
        'soft',
        cause('mailbox_full', 'mailbox', '4.2.2', '192.0.2.25'),
      ],
      [
        'a Permanent/General full mailbox is soft, whatever SES called it',
        ['Permanent', 'General', '5.2.2', 'smtp; 552 5.2.2 <someone@example.com>: Mailbox full'],
        'soft',
        cause('mailbox_full', 'mailbox', '5.2.2', '192.0.2.25'),
      ],
      [
        "a Permanent/General that says nothing more is undetermined, hard by SES's word",
        ['Permanent', 'General', undefined, undefined],
        'hard',
        cause('undetermined', 'undetermined', null, '192.0.2.25'),
      ],
    ])('%s', (_case, [bounceType, bounceSubType, status, diagnosticCode], type, expected) => {
      expect(bounceOf(bounceType, bounceSubType, status, diagnosticCode)).toEqual({ bounceType: type, classification: expected });
    });
  });

  describe('malformed and hostile SES events', () => {
    it.each([
      ['a Bounce without bounce', { eventType: 'Bounce', mail: {} }],
      [
        'a Bounce whose recipients are not a list',
        { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: { emailAddress: 'a@example.com' } } },
      ],
      ['a Bounce whose bounce is a string', { notificationType: 'Bounce', bounce: 'Permanent' }],
      ['a Complaint without complainedRecipients', { eventType: 'Complaint', complaint: { complaintFeedbackType: 'abuse' } }],
      ['a Delivery without recipients', { eventType: 'Delivery', delivery: { smtpResponse: '250' } }],
    ])('refuses %s as malformed (400: SES never sends it, a retry cannot help)', (_case, event) => {
      expect(() => map(event)).toThrow(MalformedWebhookError);
    });

    it('skips recipients without a usable address and keeps the others', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      (bounce.bounce as Record<string, unknown>).bouncedRecipients = [
        { emailAddress: 'good@example.com' },
        { emailAddress: 'no-at-sign' },
        { emailAddress: 42 },
        { emailAddress: 'with space@example.com' },
        { emailAddress: 'ctrl\u0007@example.com' },
        { emailAddress: `${'x'.repeat(300)}@example.com` },
        {},
        null,
        'bare@example.com',
        ['nested@example.com'],
      ];
      const mapping = map(bounce);
      expect(mapping.events.map((event) => event.email.value)).toEqual(['good@example.com']);
      expect(mapping.received).toBe(10);
      expect(mapping.ignored).toHaveLength(9);
      expect(mapping.ignored[0]).toEqual({ reason: 'no-usable-address', detail: 'bouncedRecipients[1] names no usable address' });
    });

    it('skips delivery recipients that are not strings', () => {
      const delivery = sesFixture('delivery.notification');
      (delivery.delivery as Record<string, unknown>).recipients = ['ok@example.com', { emailAddress: 'x@example.com' }, null, 7];
      expect(map(delivery)).toMatchObject({
        received: 4,
        ignored: [1, 2, 3].map((index) => ({ reason: 'no-usable-address', detail: `recipients[${index}] names no usable address` })),
      });
      expect(map(delivery).events.map((event) => event.email.value)).toEqual(['ok@example.com']);
    });

    it('maps an empty recipient list to nothing', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      (bounce.bounce as Record<string, unknown>).bouncedRecipients = [];
      expect(map(bounce)).toEqual({ received: 0, events: [], ignored: [] });
    });

    it('stores fields of the wrong type as absent, not as text', () => {
      const bounce = {
        eventType: 'Bounce',
        bounce: {
          bounceType: ['Permanent'],
          bounceSubType: { a: 1 },
          feedbackId: 5,
          bouncedRecipients: [{ emailAddress: 'a@example.com', status: 511, diagnosticCode: ['x'] }],
        },
        mail: 'not an object',
      };
      expect(summary(bounce)).toEqual([
        {
          kind: 'bounce',
          bounceType: 'soft',
          classification: cause('undetermined', 'undetermined', null),
          email: 'a@example.com',
          subtype: null,
          diagnosticCode: null,
          source: 'ses',
          providerEventId: `${SNS_MESSAGE_ID}:a@example.com`,
          providerMessageId: null,
          campaignId: null,
        },
      ]);
    });

    it('bounds huge strings: subtype 255, diagnostic code 4000, message id 255', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      (bounce.bounce as Record<string, unknown>).bounceSubType = 's'.repeat(10_000);
      (bounce.bounce as { bouncedRecipients: Record<string, unknown>[] }).bouncedRecipients[0].diagnosticCode = 'd'.repeat(1_000_000);
      (bounce.mail as Record<string, unknown>).messageId = 'm'.repeat(10_000);
      const [event] = summary(bounce) as { subtype: string; diagnosticCode: string; providerMessageId: string }[];
      expect([event.subtype.length, event.diagnosticCode.length, event.providerMessageId.length]).toEqual([255, 4000, 255]);
    });

    it('strips NUL characters, which PostgreSQL refuses, and keeps other Unicode as sent', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      (bounce.bounce as Record<string, unknown>).bounceSubType = 'Gen\u0000eral';
      (bounce.bounce as Record<string, unknown>).feedbackId = 'fb\u0000-1';
      (bounce.bounce as { bouncedRecipients: Record<string, unknown>[] }).bouncedRecipients[0].diagnosticCode = 'smtp; 550 🚫 ünknown \u202e user\u2028';
      const [event] = summary(bounce) as { subtype: string; diagnosticCode: string; providerEventId: string }[];
      expect(event.subtype).toBe('General');
      expect(event.providerEventId).toBe('fb-1:recipient@example.com');
      expect(event.diagnosticCode).toBe('smtp; 550 🚫 ünknown \u202e user');
    });

    it('maps a deeply nested event without failing', () => {
      const bounce = sesFixture('bounce-permanent.event-publishing');
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const message = JSON.stringify(bounce).replace('"mail":{', `"deep":${deep},"mail":{`);
      expect(map(message).events).toHaveLength(1);
    });

    it('does not let a __proto__ key change any object', () => {
      const message = sesMessage('bounce-permanent.event-publishing').replace('"eventType"', '"__proto__":{"polluted":true},"eventType"');
      const [event] = map(message).events;
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((event.rawPayload as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
