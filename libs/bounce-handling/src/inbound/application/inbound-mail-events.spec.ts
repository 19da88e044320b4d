import { createHash } from 'node:crypto';
import { COMPLAINT_CAUSE } from '../../bounces/domain/delivery-event';
import { EmailAddress } from '../../shared/domain/email-address';
import type { BounceMailReading, InboundReport } from '../domain/inbound-report';
import { inboundMailEvents, MAX_KEPT_MESSAGE_BYTES } from './inbound-mail-events';

const raw = Buffer.from('Message-ID: <r1@mx.example.net>\r\n\r\nreport\r\n');
const report = (email: string, kind: InboundReport['kind'], extra: Partial<InboundReport> = {}): InboundReport => ({
  kind,
  email: EmailAddress.parse(email),
  bounceType: kind === 'bounce' ? 'hard' : null,
  cause: kind === 'bounce' ? { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' } : null,
  diagnosticCode: kind === 'bounce' ? 'smtp; 550 5.1.1 unknown' : null,
  feedbackType: null,
  ...extra,
});
const reading = (reports: InboundReport[], messageId: string | null = 'r1@mx.example.net'): BounceMailReading => ({
  messageId,
  originalMessageId: 'original@mail.example.net',
  campaignId: 'dec-2026',
  reports,
});

describe('inboundMailEvents', () => {
  it('makes one event per bounce, complaint and delivery, keyed by the message id and the recipient, with the campaign and the original message', () => {
    const events = inboundMailEvents(
      reading([
        report('a@example.com', 'bounce'),
        report('b@example.com', 'complaint', { cause: COMPLAINT_CAUSE, feedbackType: 'abuse' }),
        report('c@example.com', 'delivery'),
      ]),
      raw,
    );
    expect(
      events.map((event) => event && [event.kind, event.email.value, event.source, event.providerEventId, event.providerMessageId, event.campaignId]),
    ).toEqual([
      ['bounce', 'a@example.com', 'inbound', 'r1@mx.example.net:a@example.com', 'original@mail.example.net', 'dec-2026'],
      ['complaint', 'b@example.com', 'inbound', 'r1@mx.example.net:b@example.com', 'original@mail.example.net', 'dec-2026'],
      ['delivery', 'c@example.com', 'inbound', 'r1@mx.example.net:c@example.com', 'original@mail.example.net', 'dec-2026'],
    ]);
    expect(events[0]).toMatchObject({
      bounceType: 'hard',
      diagnosticCode: 'smtp; 550 5.1.1 unknown',
      classification: { reason: 'user_unknown', remoteMta: 'mx.example.com' },
    });
    expect(events[1]).toMatchObject({ feedbackType: 'abuse' });
  });

  it('gives no event for a delay or an auto-reply: they change nothing', () => {
    expect(inboundMailEvents(reading([report('a@example.com', 'delayed'), report('b@example.com', 'auto_reply')]), raw)).toEqual([null, null]);
  });

  it('keys a message without Message-ID by the SHA-256 of its bytes', () => {
    const [event] = inboundMailEvents(reading([report('a@example.com', 'bounce')], null), raw);
    expect(event?.providerEventId).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}:a@example.com`);
  });

  it('hashes a key too long for its column, so that the same report keeps the same key', () => {
    const long = 'x'.repeat(300);
    const first = inboundMailEvents(reading([report('a@example.com', 'bounce')], long), raw)[0];
    const again = inboundMailEvents(reading([report('a@example.com', 'bounce')], long), raw)[0];
    expect(first?.providerEventId).toMatch(/^[0-9a-f]{64}$/);
    expect(again?.providerEventId).toBe(first?.providerEventId);
  });

  it(`keeps the first ${MAX_KEPT_MESSAGE_BYTES} bytes of the message with each report, with its size`, () => {
    const big = Buffer.concat([raw, Buffer.alloc(100_000, 'a')]);
    const [event] = inboundMailEvents(reading([report('a@example.com', 'bounce')]), big);
    const kept = event?.rawPayload as { message: string; bytes: number; truncated: boolean };
    expect(kept.bytes).toBe(big.length);
    expect(kept.truncated).toBe(true);
    expect(Buffer.byteLength(kept.message)).toBe(MAX_KEPT_MESSAGE_BYTES);
    expect(kept.message.startsWith('Message-ID: <r1@mx.example.net>')).toBe(true);
  });
});
