import type { AddressStatus, StatusChangeReason } from './address-status';
import { bounceRecordedEvent, statusChangeEvents } from './outbound-event-data';
import type { StatusChange } from './status-change';

const AT = new Date('2026-01-10T12:00:00.000Z');
const change = (previousStatus: AddressStatus, status: AddressStatus, reason: StatusChangeReason): StatusChange => ({
  email: 'a@example.com',
  subscriberId: 7,
  previousStatus,
  status,
  reason,
  bounceId: reason === 'hard-bounce' ? 12 : null,
  occurredAt: AT,
});

describe('statusChangeEvents', () => {
  it.each([
    ['active', 'bounced', 'hard-bounce', ['subscriber.status_changed', 'suppression.added'], 'bounce'],
    ['active', 'bounced', 'soft-bounce-threshold', ['subscriber.status_changed', 'suppression.added'], 'bounce'],
    ['active', 'unsubscribed', 'complaint', ['subscriber.status_changed', 'suppression.added'], 'complaint'],
    ['active', 'bounced', 'manual', ['subscriber.status_changed', 'suppression.added'], 'manual'],
    ['active', 'unsubscribed', 'import', ['subscriber.status_changed', 'suppression.added'], 'import'],
    ['bounced', 'unsubscribed', 'complaint', ['subscriber.status_changed'], null],
    ['bounced', 'active', 'reactivation', ['subscriber.status_changed', 'suppression.removed'], null],
    ['unsubscribed', 'active', 'reactivation', ['subscriber.status_changed', 'suppression.removed'], null],
    ['bounced', 'active', 'soft-suppression-expired', ['subscriber.status_changed', 'suppression.removed'], null],
  ] as const)('%s → %s (%s) makes %j', (from, to, reason, types, origin) => {
    const events = statusChangeEvents(change(from, to, reason));
    expect(events.map((event) => event.type)).toEqual(types);
    expect(events.every((event) => event.occurredAt === AT)).toBe(true);
    const added = events.find((event) => event.type === 'suppression.added');
    if (origin !== null) expect(added?.data).toMatchObject({ origin, status: to, reason });
  });

  it('writes the change in snake_case, times in RFC 3339 to the second', () => {
    expect(statusChangeEvents(change('active', 'bounced', 'hard-bounce'))[0].data).toEqual({
      email: 'a@example.com',
      subscriber_id: 7,
      previous_status: 'active',
      status: 'bounced',
      reason: 'hard-bounce',
      bounce_id: 12,
      occurred_at: '2026-01-10T12:00:00Z',
    });
  });

  it('keeps the note of a manual suppression', () => {
    expect(statusChangeEvents(change('active', 'bounced', 'manual'), 'asked by phone')[1].data).toMatchObject({ note: 'asked by phone' });
  });
});

describe('bounceRecordedEvent', () => {
  it('says what the bounce list says of the stored bounce', () => {
    expect(
      bounceRecordedEvent({
        id: 3,
        email: 'a@example.com',
        bounceType: 'hard',
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        source: 'ses',
        campaignId: null,
        createdAt: AT,
      }),
    ).toEqual({
      type: 'bounce.recorded',
      occurredAt: AT,
      data: {
        id: 3,
        email: 'a@example.com',
        bounce_type: 'hard',
        reason: 'user_unknown',
        category: 'recipient',
        status: '5.1.1',
        source: 'ses',
        campaign_id: null,
        created_at: '2026-01-10T12:00:00Z',
      },
    });
  });
});
