import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FormField, multipartBody, urlencodedBody } from '../../../../../../../../test/support/mailgun-signer';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { type MailgunIgnoreReason, type MailgunMapping, mapMailgunPayload, mapMailgunReport } from './mailgun-event.mapper';
import { type MailgunPayload, parseMailgunPayload } from './mailgun-payload.parser';

type JsonBody = { signature: object; 'event-data': Record<string, unknown> };
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8')) as T;
const jsonFixture = (name: string) => fixture<JsonBody>(`${name}.json`);
const formFixture = (name: string) => fixture<FormField[]>(`${name}.json`);

const parsedJson = (body: unknown): Promise<MailgunPayload> => parseMailgunPayload('application/json', Buffer.from(JSON.stringify(body)));
const parsedForm = (fields: readonly FormField[], encoding: FormEncoding): Promise<MailgunPayload> => {
  if (encoding === 'urlencoded') return parseMailgunPayload('application/x-www-form-urlencoded', Buffer.from(urlencodedBody(fields)));
  const { contentType, body } = multipartBody(fields);
  return parseMailgunPayload(contentType, body);
};
type FormEncoding = 'urlencoded' | 'multipart';
const ENCODINGS: FormEncoding[] = ['urlencoded', 'multipart'];

const mapJson = async (body: unknown) => mapMailgunReport(await parsedJson(body));
const mapForm = async (fields: readonly FormField[], encoding: FormEncoding = 'urlencoded') => mapMailgunReport(await parsedForm(fields, encoding));
const withEventData = (name: string, changes: Record<string, unknown>) => {
  const body = jsonFixture(name);
  return { ...body, 'event-data': { ...body['event-data'], ...changes } };
};

function eventOf(mapping: MailgunMapping): DeliveryEvent {
  if (mapping.kind !== 'event') throw new Error(`expected an event, got ignored (${mapping.reason})`);
  return mapping.event;
}

/** The event as plain values, for tables. */
function summary(mapping: MailgunMapping): Record<string, unknown> {
  if (mapping.kind === 'ignored') return { ignored: mapping.reason };
  const { email, rawPayload: _raw, providerEventId: _key, ...rest } = mapping.event;
  return { ...rest, email: email.value };
}

/** A bounce's cause as the mapper gives it (docs/bounce-classification.md). */
const cause = (reason: string, category: string, status: string | null, remoteMta: string | null = null) => ({ reason, category, status, remoteMta });

const DIGEST_KEY = /^sha256:[0-9a-f]{64}$/;

describe('mapMailgunPayload', () => {
  it('gives the one event of a webhook to ingest', async () => {
    const mapping = mapMailgunPayload(await parsedJson(jsonFixture('json-failed-permanent-no-id')));
    expect(mapping).toMatchObject({ received: 1, ignored: [] });
    expect(mapping.events.map((event) => event.kind)).toEqual(['bounce']);
  });

  it('gives an ignored webhook as one report ignored, its event name as the detail', async () => {
    expect(mapMailgunPayload(await parsedJson(jsonFixture('json-opened')))).toEqual({
      events: [],
      received: 1,
      ignored: [{ reason: 'not-a-delivery-event', detail: 'opened' }],
    });
  });
});

describe('mapMailgunReport', () => {
  describe('current (JSON) webhooks', () => {
    it.each<[string, Record<string, unknown>]>([
      [
        'json-failed-permanent-no-id',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', '5.1.1', 'aspmx.l.example.org'),
          email: 'invalid@example.com',
          source: 'mailgun',
          subtype: 'bounce',
          diagnosticCode:
            "550 5.1.1 The email account that you tried to reach does not exist. Please try\n5.1.1 double-checking the recipient's email address for typos",
          providerMessageId: '20180812214658.1.0DF563D0B3597700@example.org',
          campaignId: '42',
        },
      ],
      [
        'json-failed-permanent-suppress-bounce',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('suppressed', 'recipient', null),
          email: 'gone@example.com',
          source: 'mailgun',
          subtype: 'suppress-bounce',
          diagnosticCode: '605 Not delivering to previously bounced address',
          providerMessageId: '20180812214800.1.AB12@example.org',
          campaignId: '7',
        },
      ],
      [
        'json-failed-permanent-suppress-complaint',
        {
          kind: 'complaint',
          email: 'angry@example.com',
          source: 'mailgun',
          subtype: 'suppress-complaint',
          feedbackType: null,
          providerMessageId: '20180812214900.1.CD34@example.org',
          campaignId: null,
        },
      ],
      ['json-failed-permanent-suppress-unsubscribe', { ignored: 'suppressed-unsubscribe' }],
      [
        'json-failed-temporary-no-id',
        {
          kind: 'bounce',
          bounceType: 'soft',
          classification: cause('host_unknown', 'recipient', null),
          email: 'undeliverable@nomx.example.com',
          source: 'mailgun',
          subtype: 'generic',
          diagnosticCode: '498 No MX for nomx.example.com',
          providerMessageId: '20180812214638.1.4A7D468E9BC18C5D@example.org',
          campaignId: null,
        },
      ],
      ['json-failed-temporary-greylisted', { ignored: 'greylisted' }],
      [
        'json-complained',
        {
          kind: 'complaint',
          email: 'recipient@example.com',
          source: 'mailgun',
          subtype: null,
          feedbackType: null,
          providerMessageId: '20130718032413.263EE2E0926@example.org',
          campaignId: 'spring-sale',
        },
      ],
      [
        'json-delivered',
        {
          kind: 'delivery',
          email: 'recipient@example.com',
          source: 'mailgun',
          providerMessageId: '20180812211713.1.DF5966851B4BAA99@example.org',
          campaignId: null,
        },
      ],
      ['json-rejected-no-recipient', { ignored: 'not-a-delivery-event' }],
      ['json-opened', { ignored: 'not-a-delivery-event' }],
      ['json-clicked', { ignored: 'not-a-delivery-event' }],
      ['json-unsubscribed', { ignored: 'not-a-delivery-event' }],
      ['json-accepted', { ignored: 'not-a-delivery-event' }],
      ['json-stored', { ignored: 'not-a-delivery-event' }],
    ])('maps %s', async (name, expected) => {
      expect(summary(await mapJson(jsonFixture(name)))).toEqual(expected);
    });

    it('keeps the event-data object, without the signature, as the raw payload', async () => {
      const body = jsonFixture('json-failed-permanent-no-id');
      expect(eventOf(await mapJson(body)).rawPayload).toEqual(body['event-data']);
    });

    it('ignores a failed event without a recipient, and one with an unknown severity', async () => {
      expect(await mapJson(withEventData('json-failed-permanent-no-id', { recipient: undefined }))).toEqual({
        kind: 'ignored',
        reason: 'no-recipient',
        eventName: 'failed',
      });
      expect(await mapJson(withEventData('json-failed-permanent-no-id', { recipient: '   ' }))).toMatchObject({ reason: 'no-recipient' });
      expect(await mapJson(withEventData('json-failed-permanent-no-id', { severity: 'fatal' }))).toMatchObject({ reason: 'unknown-severity' });
      expect(await mapJson(withEventData('json-failed-permanent-no-id', { severity: undefined }))).toMatchObject({ reason: 'unknown-severity' });
    });

    it('ignores an unknown event type, however odd its name', async () => {
      for (const event of ['list_member_uploaded', 'x'.repeat(100_000), 'Failed', 'délivré\u0000']) {
        expect(await mapJson(withEventData('json-delivered', { event }))).toMatchObject({ kind: 'ignored', reason: 'not-a-delivery-event' });
      }
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['event-data missing', { 'event-data': undefined }, 'The body has no "event-data"'],
      ['event-data an array', { 'event-data': [{ event: 'failed' }] }, '"event-data" must be an object'],
      ['event-data a string', { 'event-data': '{"event":"failed"}' }, '"event-data" must be an object'],
      ['event-data null', { 'event-data': null }, '"event-data" must be an object'],
    ])('answers 406 to %s', async (_case, changes, message) => {
      await expect(mapJson({ ...jsonFixture('json-failed-permanent-no-id'), ...changes })).rejects.toThrow(new MalformedWebhookError(message));
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no event', { event: undefined }, '"event-data.event" must be a non-empty string'],
      ['an empty event', { event: ' ' }, '"event-data.event" must be a non-empty string'],
      ['an event that is a number', { event: 7 }, '"event-data.event" must be a non-empty string'],
      ['a severity that is a number', { severity: 1 }, '"event-data.severity" must be a string'],
      ['a reason that is an object', { reason: { code: 'bounce' } }, '"event-data.reason" must be a string'],
      ['a recipient that is an array', { recipient: ['invalid@example.com'] }, '"event-data.recipient" must be a string'],
      ['an id that is a number', { id: 12 }, '"event-data.id" must be a string'],
      ['a message that is a string', { message: 'hello' }, '"event-data.message" must be an object'],
      ['message headers that are a list', { message: { headers: [['message-id', 'x']] } }, '"event-data.message.headers" must be an object'],
      ['a message id that is a number', { message: { headers: { 'message-id': 5 } } }, '"event-data.message.headers.message-id" must be a string'],
      ['a delivery status that is a string', { 'delivery-status': '550' }, '"event-data.delivery-status" must be an object'],
      ['user variables that are a string', { 'user-variables': 'campaign_id=42' }, '"event-data.user-variables" must be an object'],
    ])('answers 406 to a failed event with %s', async (_case, changes, message) => {
      await expect(mapJson(withEventData('json-failed-permanent-no-id', changes))).rejects.toThrow(new MalformedWebhookError(message));
    });

    it('does not inspect the fields of an event it ignores', async () => {
      expect(await mapJson(withEventData('json-opened', { recipient: 42, message: 'x' }))).toMatchObject({ kind: 'ignored', reason: 'not-a-delivery-event' });
    });
  });

  describe('why it bounced (docs/bounce-classification.md)', () => {
    const failed = (severity: string, reason: string, code: number, message: string, description = '') =>
      withEventData('json-failed-permanent-no-id', {
        severity,
        reason,
        'delivery-status': { 'mx-host': 'mx.example.net', code, message, description, 'attempt-no': 1 },
      });

    it.each<[string, Record<string, unknown>, string, ReturnType<typeof cause>]>([
      [
        "a permanent failure for a DMARC rejection (5.7.26) is the sender's, and soft",
        failed(
          'permanent',
          'bounce',
          550,
          "5.7.26 Unauthenticated email from sender.example is not accepted due to domain's DMARC policy. Please contact the administrator of sender.example domain if this was a legitimate mail.",
        ),
        'soft',
        cause('auth_failure', 'sender', '5.7.26', 'mx.example.net'),
      ],
      [
        "a permanent failure for a block list is the sender's, and soft",
        failed('permanent', 'bounce', 554, '5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org'),
        'soft',
        cause('blocked', 'sender', '5.7.1', 'mx.example.net'),
      ],
      [
        "a permanent failure for an unknown user is the recipient's, and hard",
        failed('permanent', 'bounce', 550, '5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table'),
        'hard',
        cause('user_unknown', 'recipient', '5.1.1', 'mx.example.net'),
      ],
      [
        'a permanent failure for a full mailbox is soft, whatever Mailgun called it',
        failed('permanent', 'bounce', 552, '5.2.2 <someone@example.com>: Mailbox full'),
        'soft',
        cause('mailbox_full', 'mailbox', '5.2.2', 'mx.example.net'),
      ],
      [
        "a temporary failure for a rate limit is the sender's, and soft",
        failed('temporary', 'generic', 421, '4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address.'),
        'soft',
        cause('rate_limited', 'sender', '4.7.28', 'mx.example.net'),
      ],
      [
        'a temporary failure for an unknown user stays soft (the server said try again)',
        failed('temporary', 'generic', 450, '4.1.1 <someone@example.com>: Recipient address rejected: User unknown'),
        'soft',
        cause('user_unknown', 'recipient', '4.1.1', 'mx.example.net'),
      ],
      [
        'a refusal to send to a previously bounced address is suppressed, hard',
        failed('permanent', 'suppress-bounce', 605, 'Not delivering to previously bounced address'),
        'hard',
        cause('suppressed', 'recipient', null, 'mx.example.net'),
      ],
    ])('%s', async (_case, body, bounceType, classification) => {
      expect(eventOf(await mapJson(body))).toMatchObject({ kind: 'bounce', bounceType, classification });
    });

    it('classifies a legacy bounce by its code and text', async () => {
      const fields = formFixture('legacy-bounced').map(([name, value]): FormField =>
        name === 'error' ? [name, '550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org'] : [name, value],
      );
      expect(eventOf(await mapForm(fields))).toMatchObject({ kind: 'bounce', bounceType: 'soft', classification: cause('blocked', 'sender', '5.7.1') });
    });
  });

  describe('legacy (form) webhooks, urlencoded and multipart alike', () => {
    const table: Array<[string, Record<string, unknown>]> = [
      [
        'legacy-delivered',
        {
          kind: 'delivery',
          email: 'recipient@example.com',
          source: 'mailgun',
          providerMessageId: '20160421175529.19495.89030.B3AE3728@example.com',
          campaignId: null,
        },
      ],
      ['legacy-delivered-no-recipient', { ignored: 'no-recipient' }],
      [
        'legacy-bounced',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', '5.1.1'),
          email: 'noreply@example.com',
          source: 'mailgun',
          subtype: '550',
          diagnosticCode:
            "550 5.1.1 The email account that you tried to reach does not exist. Please try 5.1.1 double-checking the recipient's email address for typos",
          providerMessageId: '20160421180324.70521.79375.96884DDB@example.com',
          campaignId: 'jan-2026',
        },
      ],
      [
        'legacy-bounced-string-code',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', '5.1.1'),
          email: 'noreply@example.com',
          source: 'mailgun',
          subtype: '5.1.1',
          diagnosticCode: 'smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
          providerMessageId: '20160421180400.1@example.com',
          campaignId: null,
        },
      ],
      [
        'legacy-dropped-605',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('suppressed', 'recipient', null),
          email: 'bounce@example.com',
          source: 'mailgun',
          subtype: '605',
          diagnosticCode: '605 Not delivering to previously bounced address',
          providerMessageId: '20160421180324.70521.79375.96884DDB@example.com',
          campaignId: null,
        },
      ],
      [
        'legacy-dropped-607',
        {
          kind: 'complaint',
          email: 'complaint@example.com',
          source: 'mailgun',
          subtype: '607',
          feedbackType: null,
          providerMessageId: '20160421180500.1@example.com',
          campaignId: null,
        },
      ],
      [
        'legacy-dropped-maxfails-5.1.1',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', '5.1.1'),
          email: 'nobody@example.com',
          source: 'mailgun',
          subtype: '550',
          diagnosticCode: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown',
          providerMessageId: '20160421180600.1@example.com',
          campaignId: null,
        },
      ],
      ['legacy-dropped-old', { ignored: 'not-an-address-failure' }],
      [
        'legacy-complained',
        {
          kind: 'complaint',
          email: 'recipient@example.com',
          source: 'mailgun',
          subtype: null,
          feedbackType: null,
          providerMessageId: '20160421180700.1@example.com',
          campaignId: 'spring-sale',
        },
      ],
      ['legacy-opened', { ignored: 'not-a-delivery-event' }],
      [
        'legacy-colliding-variables',
        {
          kind: 'bounce',
          bounceType: 'hard',
          classification: cause('user_unknown', 'recipient', '5.1.1'),
          email: 'actual-recipient@example.com',
          source: 'mailgun',
          subtype: '550',
          diagnosticCode: '550 5.1.1 user unknown',
          providerMessageId: '20160421180800.1@example.com',
          campaignId: 'jan-2026',
        },
      ],
    ];
    it.each(ENCODINGS.flatMap((encoding) => table.map(([name, expected]) => [name, encoding, expected] as const)))(
      'maps %s posted %s',
      async (name, encoding, expected) => {
        expect(summary(await mapForm(formFixture(name), encoding))).toEqual(expected);
      },
    );

    it('gives one event the same dedupe key however it is encoded, and never an id key', async () => {
      const fields = formFixture('legacy-bounced');
      const urlencoded = eventOf(await mapForm(fields, 'urlencoded'));
      const multipart = eventOf(await mapForm(fields, 'multipart'));
      expect(urlencoded.providerEventId).toMatch(DIGEST_KEY);
      expect(multipart.providerEventId).toBe(urlencoded.providerEventId);
    });

    it('keeps the form as the raw payload: repeated names as lists, Mailgun’s signature fields left out', async () => {
      const event = eventOf(await mapForm(formFixture('legacy-colliding-variables'), 'multipart'));
      expect(event.rawPayload).toEqual({
        event: ['bounced', 'metadata-event'],
        recipient: ['actual-recipient@example.com', 'metadata-recipient@example.com'],
        code: '550',
        error: '550 5.1.1 user unknown',
        'Message-Id': '<20160421180800.1@example.com>',
        campaign_id: 'jan-2026',
        'ordinary field': 'ordinary metadata value',
        // the sender's variables that share the names stay; Mailgun's own values (the last) go
        signature: 'metadata-signature',
        timestamp: 'metadata-timestamp',
        token: 'metadata-token',
      });
    });

    it('keeps a field named __proto__ as a field of the raw payload', async () => {
      const event = eventOf(await mapForm([...formFixture('legacy-bounced'), ['__proto__', 'polluted']]));
      expect(Object.getOwnPropertyDescriptor(event.rawPayload, '__proto__')?.value).toBe('polluted');
      expect(Object.getPrototypeOf(event.rawPayload)).toBe(Object.prototype);
    });

    it('finds the campaign in a campaign_id field first, then in X-Mailgun-Variables, then in the message headers', async () => {
      const base: FormField[] = [
        ['event', 'bounced'],
        ['recipient', 'a@example.com'],
        ['message-headers', JSON.stringify([['X-Mailgun-Variables', '{"campaign_id":"from-headers"}']])],
      ];
      expect(eventOf(await mapForm(base)).campaignId).toBe('from-headers');
      expect(eventOf(await mapForm([...base, ['X-Mailgun-Variables', '{"campaign_id":"from-field"}']])).campaignId).toBe('from-field');
      expect(eventOf(await mapForm([...base, ['X-Mailgun-Variables', '{"campaign_id":"from-field"}'], ['campaign_id', 'direct']])).campaignId).toBe('direct');
    });

    it('reads the message id from message-headers when the form has no Message-Id field', async () => {
      const fields: FormField[] = [
        ['event', 'bounced'],
        ['recipient', 'a@example.com'],
        ['message-headers', JSON.stringify([['Message-Id', '<m1@example.com>']])],
      ];
      expect(eventOf(await mapForm(fields)).providerMessageId).toBe('m1@example.com');
      expect(eventOf(await mapForm([...fields, ['message-id', 'm2@example.com']])).providerMessageId).toBe('m2@example.com');
    });

    it('tolerates message-headers and X-Mailgun-Variables that are not the JSON expected', async () => {
      for (const [headers, variables] of [
        ['not json', '{'],
        ['{"a":1}', '[1,2]'],
        ['[["Message-Id", 5], "x", null]', 'null'],
      ]) {
        const mapping = await mapForm([
          ['event', 'bounced'],
          ['recipient', 'a@example.com'],
          ['message-headers', headers],
          ['X-Mailgun-Variables', variables],
        ]);
        expect(summary(mapping)).toMatchObject({ kind: 'bounce', providerMessageId: null, campaignId: null });
      }
    });

    it('answers 406 to a form without an event, and names an inbound-route post as such', async () => {
      await expect(mapForm([['recipient', 'a@example.com']])).rejects.toThrow(new MalformedWebhookError('The form has no "event" field'));
      await expect(
        mapForm([
          ['event', ''],
          ['recipient', 'a@example.com'],
        ]),
      ).rejects.toThrow(MalformedWebhookError);
      await expect(
        mapForm(
          [
            ['recipient', 'in@example.com'],
            ['sender', 'someone@example.org'],
            ['body-plain', 'hi'],
          ],
          'multipart',
        ),
      ).rejects.toThrow(new MalformedWebhookError('This is an inbound-route post, not an event webhook'));
    });
  });

  describe('dedupe key', () => {
    it('is the event-data id, prefixed, when there is one', async () => {
      expect(eventOf(await mapJson(jsonFixture('json-delivered'))).providerEventId).toBe('id:hTWCTD81RtiDN-rjkvMMDA');
    });

    it('is a digest of the event’s own fields when there is no id, the same on every re-delivery', async () => {
      const body = jsonFixture('json-failed-permanent-no-id');
      const first = eventOf(await mapJson(body)).providerEventId;
      const again = eventOf(await mapJson({ ...body, signature: { timestamp: '1', token: 'another', signature: 'x' } })).providerEventId;
      expect(first).toMatch(DIGEST_KEY);
      expect(again).toBe(first);
    });

    it.each<[string, Record<string, unknown>]>([
      ['event', { event: 'complained' }],
      ['recipient', { recipient: 'other@example.com' }],
      ['timestamp', { timestamp: 1534110422.389833 }],
      ['message id', { message: { headers: { 'message-id': 'another@example.org' } } }],
    ])('differs when the %s differs', async (_case, changes) => {
      const key = eventOf(await mapJson(jsonFixture('json-failed-permanent-no-id'))).providerEventId;
      expect(eventOf(await mapJson(withEventData('json-failed-permanent-no-id', changes))).providerEventId).not.toBe(key);
    });

    it('is the same for two spellings of one recipient (addresses are normalised first)', async () => {
      const key = eventOf(await mapJson(jsonFixture('json-failed-permanent-no-id'))).providerEventId;
      expect(eventOf(await mapJson(withEventData('json-failed-permanent-no-id', { recipient: ' invalid@EXAMPLE.com ' }))).providerEventId).toBe(key);
    });

    it('gives each retry report of one message its own key (each is recorded; the policy counts the message once)', async () => {
      const keys = new Set<string | null>();
      for (const attempt of [1, 2, 3, 4]) {
        const body = withEventData('json-failed-temporary-no-id', {
          timestamp: 1534111899.659519 + attempt * 1800,
          'delivery-status': { 'attempt-no': attempt, code: 498, message: 'No MX' },
        });
        const event = eventOf(await mapJson(body)) as BounceEvent;
        expect(event.providerMessageId).toBe('20180812214638.1.4A7D468E9BC18C5D@example.org');
        keys.add(event.providerEventId);
      }
      expect(keys.size).toBe(4);
    });

    it('can never make an id equal a digest', async () => {
      const digest = eventOf(await mapJson(jsonFixture('json-failed-permanent-no-id'))).providerEventId as string;
      const idLikeADigest = eventOf(await mapJson(withEventData('json-failed-permanent-no-id', { id: digest }))).providerEventId;
      expect(idLikeADigest).toBe(`id:${digest}`);
      const idLikeTheDigestHex = eventOf(await mapJson(withEventData('json-failed-permanent-no-id', { id: digest.slice('sha256:'.length) }))).providerEventId;
      expect(idLikeTheDigestHex).not.toBe(digest);
    });

    it('digests an id too long to store, keeping it apart from both other kinds', async () => {
      const key = eventOf(await mapJson(withEventData('json-delivered', { id: 'x'.repeat(300) }))).providerEventId as string;
      expect(key).toMatch(/^id-sha256:[0-9a-f]{64}$/);
      expect(eventOf(await mapJson(withEventData('json-delivered', { id: 'x'.repeat(252) }))).providerEventId).toBe(`id:${'x'.repeat(252)}`);
    });
  });

  describe('hostile and odd input', () => {
    const failed = (changes: Record<string, unknown>) => mapJson(withEventData('json-failed-permanent-no-id', changes));

    it.each<[string, unknown, MailgunIgnoreReason]>([
      ['a recipient of 10,000 characters', `${'a'.repeat(10_000)}@example.com`, 'unusable-recipient'],
      ['a recipient with a control character', 'bad\u0007@example.com', 'unusable-recipient'],
      ['a recipient with a line break', 'bad@example.com\r\nBcc: x@example.com', 'unusable-recipient'],
      ['a recipient without a domain', 'nobody@', 'unusable-recipient'],
      ['a recipient that is only NULs', '\u0000\u0000', 'no-recipient'],
    ])('ignores %s', async (_case, recipient, reason) => {
      expect(await failed({ recipient })).toMatchObject({ kind: 'ignored', reason });
    });

    it('records an address that fails strict validation but could be one (a bounce must still be recorded)', async () => {
      expect(summary(await failed({ recipient: 'Invalid@Invalid' }))).toMatchObject({ kind: 'bounce', email: 'invalid@invalid' });
      expect(summary(await failed({ recipient: 'Jörg@Bücher.example' }))).toMatchObject({ kind: 'bounce', email: 'jörg@bücher.example' });
    });

    it('cuts subtype, diagnostic and message id to their columns and strips NUL characters', async () => {
      const event = eventOf(
        await failed({
          reason: `bo\u0000unce${'r'.repeat(1000)}`,
          'delivery-status': { code: 550, message: 'm'.repeat(1_000_000) },
          message: { headers: { 'message-id': `<${'i'.repeat(1000)}@example.org>` } },
        }),
      ) as BounceEvent;
      expect(event.subtype).toBe(`bounce${'r'.repeat(249)}`);
      expect(event.diagnosticCode).toHaveLength(4000);
      expect(event.diagnosticCode?.startsWith('550 mmm')).toBe(true);
      expect(event.providerMessageId).toHaveLength(255);
    });

    it('takes the description when the delivery status has no message, and the code alone when neither', async () => {
      expect(eventOf(await failed({ 'delivery-status': { code: 550, message: '', description: 'Mailbox unavailable' } }))).toMatchObject({
        diagnosticCode: '550 Mailbox unavailable',
      });
      expect(eventOf(await failed({ 'delivery-status': { code: '5.1.1' } }))).toMatchObject({ diagnosticCode: '5.1.1' });
      expect(eventOf(await failed({ 'delivery-status': {} }))).toMatchObject({ diagnosticCode: null });
      expect(eventOf(await failed({ 'delivery-status': undefined }))).toMatchObject({ diagnosticCode: null });
    });

    it.each<[string, unknown, string | null]>([
      ['a number', 42, '42'],
      ['a string with spaces around', '  jan-2026 ', 'jan-2026'],
      ['100 characters', 'c'.repeat(100), 'c'.repeat(100)],
      ['101 characters (too long to be ours: none rather than a cut one)', 'c'.repeat(101), null],
      ['an object', { id: 1 }, null],
      ['a boolean', true, null],
      ['empty', '', null],
      ['numeric-looking text (as given, leading zeros kept)', '007', '007'],
      ['a negative number', -1, null],
      ['a fraction', 4.2, null],
      ['a number past the safe integers', 2 ** 53, null],
      ['text with a space', 'my campaign', null],
    ])('takes a campaign id that is %s as %p', async (_case, campaignId, expected) => {
      const mapping = await failed({ 'user-variables': { campaign_id: campaignId } });
      expect(mapping.kind).toBe('event'); // the report is recorded, with or without a campaign
      expect(eventOf(mapping).campaignId).toBe(expected);
    });

    it('maps an event whose user variables nest 5,000 levels deep', async () => {
      const text = JSON.stringify(jsonFixture('json-failed-permanent-no-id')).replace(
        '"user-variables":{"campaign_id":"42"}',
        `"user-variables":{"campaign_id":"42","deep":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
      );
      expect(text.length).toBeGreaterThan(30_000);
      const mapping = mapMailgunReport(await parseMailgunPayload('application/json', Buffer.from(text)));
      expect(summary(mapping)).toMatchObject({ kind: 'bounce', campaignId: '42' });
    });

    it('keeps odd Unicode in the diagnostic as sent', async () => {
      const message = '550 5.1.1 Пользователь не найден 🙅 \u202eevil\u202c';
      expect(eventOf(await failed({ 'delivery-status': { code: 550, message } }))).toMatchObject({ diagnosticCode: message });
    });
  });
});
