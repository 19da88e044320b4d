import { EmailAddress } from '../../shared/domain/email-address';
import { deliveryStatusReport, dsnAddress, readDeliveryStatus, type RecipientDeliveryStatus } from './delivery-status';
import { MAX_REPORTS_PER_MESSAGE } from './inbound-report';

const POSTFIX = `Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4ZK1Lq2Y5Tz9sWQ
Arrival-Date: Thu,  3 Dec 2026 10:15:00 +0000 (UTC)

Final-Recipient: rfc822; alice@example.com
Original-Recipient: rfc822;alice@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx1.example.com
Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected:
    User unknown in virtual mailbox table

Final-Recipient: rfc822; bob@example.org
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.org[203.0.113.9]:25: Connection
    timed out
`;

const alice = EmailAddress.parse('alice@example.com');
const status = (fields: Partial<RecipientDeliveryStatus>): RecipientDeliveryStatus => ({
  recipient: alice,
  action: null,
  status: null,
  diagnosticCode: null,
  remoteMta: null,
  ...fields,
});

describe('delivery status (RFC 3464)', () => {
  it('reads one group per recipient, after the per-message fields', () => {
    const recipients = readDeliveryStatus(POSTFIX);
    expect(recipients).toEqual([
      {
        recipient: alice,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
        remoteMta: 'mx1.example.com',
      },
      {
        recipient: EmailAddress.parse('bob@example.org'),
        action: 'delayed',
        status: '4.4.1',
        diagnosticCode: 'X-Postfix; connect to mx.example.org[203.0.113.9]:25: Connection timed out',
        remoteMta: null,
      },
    ]);
  });

  it('names the recipient by its Original-Recipient, the address we mailed, over the Final-Recipient of an alias', () => {
    const [recipient] = readDeliveryStatus(
      'Final-Recipient: rfc822; alice.smith@mailhost.example.com\nOriginal-Recipient: rfc822; alice@example.com\nAction: failed\n',
    );
    expect(recipient.recipient?.value).toBe('alice@example.com');
  });

  it('keeps a group whose recipient is no address, for the VERP address to name', () => {
    const [recipient] = readDeliveryStatus('Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: LOCAL; <>\nAction: failed\nStatus: 5.0.0\n');
    expect(recipient).toMatchObject({ recipient: null, action: 'failed', status: '5.0.0' });
  });

  it(`reads at most ${MAX_REPORTS_PER_MESSAGE} recipients`, () => {
    const groups = Array.from({ length: 1500 }, (_, n) => `Final-Recipient: rfc822; user${n}@example.com\nAction: failed\nStatus: 5.1.1\n`);
    expect(readDeliveryStatus(['Reporting-MTA: dns; mx.example.net\n', ...groups].join('\n'))).toHaveLength(MAX_REPORTS_PER_MESSAGE);
  });

  it.each([
    ['rfc822; alice@example.com', 'alice@example.com'],
    ['RFC822;<Alice@Example.com>', 'alice@example.com'],
    ['alice@example.com', 'alice@example.com'],
    ['utf-8; jörg@bücher.example', 'jörg@xn--bcher-kva.example'],
    ['utf-8; j\\x{F6}rg@example.de', 'jörg@example.de'],
  ])('reads the address of "%s" as %s', (value, address) => {
    expect(dsnAddress(value)?.value).toBe(address);
  });

  it.each(['rfc822; <>', 'rfc822; alice', 'LOCAL; postmaster', ''])('finds no address in "%s"', (value) => {
    expect(dsnAddress(value)).toBeNull();
  });

  it('makes a failed recipient a bounce typed and caused by the classifier, with the server that answered', () => {
    const report = deliveryStatusReport(
      status({ action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <alice@example.com>: User unknown', remoteMta: 'mx1.example.com' }),
      alice,
    );
    expect(report).toEqual({
      kind: 'bounce',
      email: alice,
      bounceType: 'hard',
      cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx1.example.com' },
      diagnosticCode: 'smtp; 550 5.1.1 <alice@example.com>: User unknown',
      feedbackType: null,
    });
  });

  it('makes a failed recipient refused for a block list a soft bounce of the sender category', () => {
    const report = deliveryStatusReport(
      status({
        action: 'failed',
        status: '5.7.1',
        diagnosticCode:
          'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
      }),
      alice,
    );
    expect(report).toMatchObject({ kind: 'bounce', bounceType: 'soft', cause: { reason: 'blocked', category: 'sender' } });
  });

  it('makes a delayed recipient a delay with its cause and no type', () => {
    const report = deliveryStatusReport(
      status({ action: 'delayed', status: '4.4.1', diagnosticCode: 'X-Postfix; connect to mx: Connection timed out' }),
      alice,
    );
    expect(report).toMatchObject({ kind: 'delayed', bounceType: null, cause: { category: 'transient', status: '4.4.1' } });
  });

  it.each(['delivered', 'relayed', 'expanded'])('makes an "%s" recipient a delivery, with no cause', (action) => {
    expect(deliveryStatusReport(status({ action, status: '2.0.0' }), alice)).toMatchObject({ kind: 'delivery', bounceType: null, cause: null });
  });

  it("reads the status code's class when the Action is missing", () => {
    expect(deliveryStatusReport(status({ status: '5.1.1' }), alice)?.kind).toBe('bounce');
    expect(deliveryStatusReport(status({ status: '4.2.2' }), alice)?.kind).toBe('delayed');
  });

  it('makes no report of a group with neither a known action nor a status code', () => {
    expect(deliveryStatusReport(status({ action: 'unknown' }), alice)).toBeNull();
  });
});
