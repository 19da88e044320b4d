import type { BounceCause } from './delivery-event';
import { causeOfStoredBounce, type StoredBounce } from './stored-bounce-cause';

const stored = (fields: Partial<StoredBounce> & Pick<StoredBounce, 'source'>): StoredBounce => ({
  bounceType: 'hard',
  bounceSubtype: null,
  diagnosticCode: null,
  rawPayload: null,
  ...fields,
});

const cause = (
  reason: BounceCause['reason'],
  category: BounceCause['category'],
  status: string | null = null,
  remoteMta: string | null = null,
): BounceCause => ({
  reason,
  category,
  status,
  remoteMta,
});

/** An SES bounce as its mapper stores it: the event, its `bounce` naming the one recipient of the row. */
const sesRaw = (bounce: Record<string, unknown>, recipient: Record<string, unknown>) => ({
  eventType: 'Bounce',
  bounce: { feedbackId: 'f-1', timestamp: '2026-01-10T12:00:01.000Z', ...bounce, bouncedRecipients: [{ emailAddress: 'a@example.com', ...recipient }] },
  mail: { messageId: 'm-1', source: 'sender@mailpass.example', destination: ['a@example.com'] },
});

type Row = [string, StoredBounce, BounceCause];

const SES: Row[] = [
  [
    'an SES Permanent/General bounce with 5.1.1 is an unknown user, with its remote MTA',
    stored({
      source: 'ses',
      bounceSubtype: 'General',
      diagnosticCode: "smtp; 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
      rawPayload: sesRaw(
        { bounceType: 'Permanent', bounceSubType: 'General', reportingMTA: 'dsn; a8-70.smtp-out.amazonses.com', remoteMtaIp: '203.0.113.7' },
        {
          action: 'failed',
          status: '5.1.1',
          diagnosticCode: "smtp; 550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
        },
      ),
    }),
    cause('user_unknown', 'recipient', '5.1.1', '203.0.113.7'),
  ],
  [
    'an SES OnAccountSuppressionList bounce is suppressed',
    stored({
      source: 'ses',
      bounceSubtype: 'OnAccountSuppressionList',
      diagnosticCode: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
      rawPayload: sesRaw(
        { bounceType: 'Permanent', bounceSubType: 'OnAccountSuppressionList' },
        { action: 'failed', diagnosticCode: 'Amazon SES did not send the message to this address because it is on the suppression list for your account.' },
      ),
    }),
    cause('suppressed', 'recipient'),
  ],
  [
    'an SES Transient/MailboxFull bounce is a full mailbox',
    stored({
      source: 'ses',
      bounceType: 'soft',
      bounceSubtype: 'MailboxFull',
      diagnosticCode: 'smtp; 552 5.2.2 mailbox full',
      rawPayload: sesRaw(
        { bounceType: 'Transient', bounceSubType: 'MailboxFull' },
        { action: 'failed', status: '5.2.2', diagnosticCode: 'smtp; 552 5.2.2 mailbox full' },
      ),
    }),
    cause('mailbox_full', 'mailbox', '5.2.2'),
  ],
  [
    'an SES Permanent/General bounce that cites Spamhaus is a block of the sender, whatever its hard word',
    stored({
      source: 'ses',
      bounceSubtype: 'General',
      diagnosticCode: 'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org',
      rawPayload: sesRaw(
        { bounceType: 'Permanent', bounceSubType: 'General' },
        { status: '5.7.1', diagnosticCode: 'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org' },
      ),
    }),
    cause('blocked', 'sender', '5.7.1'),
  ],
  [
    'an SES bounce whose raw event was kept as an excerpt is read from its columns',
    stored({
      source: 'ses',
      bounceSubtype: 'NoEmail',
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      rawPayload: { truncated: true, bytes: 40000, excerpt: '{"eventType":"Bounce","bounce":{' },
    }),
    cause('user_unknown', 'recipient', '5.1.1'),
  ],
];

const MAILGUN: Row[] = [
  [
    'a Mailgun permanent failure reads its delivery status, with the MX host',
    stored({
      source: 'mailgun',
      bounceSubtype: 'bounce',
      diagnosticCode: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
      rawPayload: {
        event: 'failed',
        severity: 'permanent',
        reason: 'bounce',
        recipient: 'a@example.com',
        'delivery-status': {
          'attempt-no': 1,
          code: 550,
          message: "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos",
          description: '',
          'mx-host': 'aspmx.l.google.com',
        },
      },
    }),
    cause('user_unknown', 'recipient', '5.1.1', 'aspmx.l.google.com'),
  ],
  [
    'a Mailgun suppress-bounce is suppressed',
    stored({
      source: 'mailgun',
      bounceSubtype: 'suppress-bounce',
      diagnosticCode: '605 Not delivering to previously bounced address',
      rawPayload: {
        event: 'failed',
        severity: 'permanent',
        reason: 'suppress-bounce',
        'delivery-status': { code: 605, message: 'Not delivering to previously bounced address', description: '' },
      },
    }),
    cause('suppressed', 'recipient'),
  ],
  [
    'a Mailgun temporary failure naming no MX for the domain is an unknown host',
    stored({
      source: 'mailgun',
      bounceType: 'soft',
      bounceSubtype: 'generic',
      diagnosticCode: '498 No MX for nomx.example.com',
      rawPayload: {
        event: 'failed',
        severity: 'temporary',
        reason: 'generic',
        'delivery-status': { code: 498, message: 'No MX for nomx.example.com', description: 'No MX for nomx.example.com' },
      },
    }),
    cause('host_unknown', 'recipient'),
  ],
  [
    'a legacy Mailgun bounce reads its code and error',
    stored({
      source: 'mailgun',
      bounceSubtype: '550',
      diagnosticCode: '550 5.1.1 The email account that you tried to reach does not exist.',
      rawPayload: { event: 'bounced', recipient: 'a@example.com', code: '550', error: '550 5.1.1 The email account that you tried to reach does not exist.' },
    }),
    cause('user_unknown', 'recipient', '5.1.1'),
  ],
  [
    'a legacy Mailgun drop with code 605 is suppressed',
    stored({
      source: 'mailgun',
      bounceSubtype: '605',
      diagnosticCode: '605 Not delivering to previously bounced address',
      rawPayload: {
        event: 'dropped',
        recipient: 'a@example.com',
        code: '605',
        reason: 'hardfail',
        description: 'Not delivering to previously bounced address',
      },
    }),
    cause('suppressed', 'recipient'),
  ],
];

const SENDGRID: Row[] = [
  [
    'a SendGrid bounce classified Invalid Address is an unknown user',
    stored({
      source: 'sendgrid',
      bounceSubtype: 'Invalid Address',
      diagnosticCode: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
      rawPayload: {
        email: 'a@example.com',
        event: 'bounce',
        type: 'bounce',
        status: '5.1.1',
        reason: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
        bounce_classification: 'Invalid Address',
        sg_event_id: 'e-1',
      },
    }),
    cause('user_unknown', 'recipient', '5.1.1'),
  ],
  [
    'a SendGrid block by reputation that names a block list is a block',
    stored({
      source: 'sendgrid',
      bounceType: 'soft',
      bounceSubtype: 'Reputation',
      diagnosticCode: '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net',
      rawPayload: {
        email: 'a@example.com',
        event: 'bounce',
        type: 'blocked',
        status: '5.7.1',
        reason: '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net',
        bounce_classification: 'Reputation',
      },
    }),
    cause('blocked', 'sender', '5.7.1'),
  ],
  [
    'a SendGrid drop of a bounced address is suppressed',
    stored({ source: 'sendgrid', bounceSubtype: 'Bounced Address', rawPayload: { email: 'a@example.com', event: 'dropped', reason: 'Bounced Address' } }),
    cause('suppressed', 'recipient'),
  ],
  [
    'a SendGrid drop read from its columns alone is suppressed',
    stored({ source: 'sendgrid', bounceSubtype: 'Bounced Address' }),
    cause('suppressed', 'recipient'),
  ],
];

const API_AND_OTHERS: Row[] = [
  [
    'an API bounce is read from its diagnostic: a block list is the sender',
    stored({ source: 'api', diagnosticCode: '550 5.7.1 Client host [198.51.100.7] blocked using zen.spamhaus.org' }),
    cause('blocked', 'sender', '5.7.1'),
  ],
  ['an API bounce with no diagnostic is undetermined', stored({ source: 'api', bounceType: 'soft' }), cause('undetermined', 'undetermined')],
  ['a complaint is a complaint, whatever it kept', stored({ source: 'ses', bounceType: 'complaint', bounceSubtype: 'abuse' }), cause('complaint', 'complaint')],
  [
    'a raw event of a shape no mapper stores is read from the columns',
    stored({ source: 'sendgrid', bounceSubtype: 'Invalid Address', diagnosticCode: '550 5.1.2 Host unknown', rawPayload: ['not', 'an', 'event'] }),
    cause('host_unknown', 'recipient', '5.1.2'),
  ],
];

describe('causeOfStoredBounce', () => {
  it.each([...SES, ...MAILGUN, ...SENDGRID, ...API_AND_OTHERS])('%s', (_case, bounce, expected) => {
    expect(causeOfStoredBounce(bounce)).toEqual(expected);
  });

  it('cuts a remote MTA too long for its column', () => {
    const raw = sesRaw({ bounceType: 'Permanent', bounceSubType: 'General', remoteMtaIp: `mx.${'a'.repeat(300)}.example` }, { status: '5.1.1' });
    expect(causeOfStoredBounce(stored({ source: 'ses', rawPayload: raw })).remoteMta).toHaveLength(255);
  });
});
