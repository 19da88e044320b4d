import { isSuppressed, type StatusChangeReason, type SuppressionOrigin } from './address-status';
import type { OutboundEvent } from './outbound-event';
import type { StatusChange } from './status-change';

/**
 * The outbound events of the changes the service makes, their `data` as receivers read it
 * (docs/outbound-events.md): snake_case fields, times in RFC 3339 (UTC). Pure: the use cases
 * build them in the transaction of the change and append them to the `Outbox`.
 */

/** What `bounce.recorded` says of a stored bounce. */
export interface RecordedBounceFacts {
  readonly id: number;
  readonly email: string;
  readonly bounceType: string;
  readonly reason: string;
  readonly category: string;
  /** The enhanced status code, when the report gave one. */
  readonly status: string | null;
  readonly source: string;
  readonly campaignId: string | null;
  readonly createdAt: Date;
}

export function bounceRecordedEvent(bounce: RecordedBounceFacts): OutboundEvent {
  return {
    type: 'bounce.recorded',
    occurredAt: bounce.createdAt,
    data: {
      id: bounce.id,
      email: bounce.email,
      bounce_type: bounce.bounceType,
      reason: bounce.reason,
      category: bounce.category,
      status: bounce.status,
      source: bounce.source,
      campaign_id: bounce.campaignId,
      created_at: rfc3339(bounce.createdAt),
    },
  };
}

/**
 * The events of one recorded change of status: `subscriber.status_changed` always (with a null
 * `subscriber_id` for an address that belongs to no subscriber); and `suppression.added` when an
 * active address becomes suppressed, whatever the cause (`origin`: `bounce`, `complaint`,
 * `manual`, `import`), or `suppression.removed` when a suppressed one becomes active again (an
 * operator's re-activation or removal from the list, or the lapse of a suppression by the soft
 * threshold). A change from one suppressed status to the other (`bounced` to `unsubscribed`)
 * adds no suppression. `note`: the note an operator gave a suppression, if any.
 */
export function statusChangeEvents(change: StatusChange, note: string | null = null): OutboundEvent[] {
  const common = {
    email: change.email,
    subscriber_id: change.subscriberId,
  };
  const events: OutboundEvent[] = [
    {
      type: 'subscriber.status_changed',
      occurredAt: change.occurredAt,
      data: {
        ...common,
        previous_status: change.previousStatus,
        status: change.status,
        reason: change.reason,
        bounce_id: change.bounceId,
        occurred_at: rfc3339(change.occurredAt),
      },
    },
  ];
  const before = isSuppressed(change.previousStatus);
  const after = isSuppressed(change.status);
  if (!before && after) {
    events.push({
      type: 'suppression.added',
      occurredAt: change.occurredAt,
      data: {
        ...common,
        status: change.status,
        reason: change.reason,
        origin: suppressionOriginOf(change.reason),
        note,
        bounce_id: change.bounceId,
        occurred_at: rfc3339(change.occurredAt),
      },
    });
  } else if (before && !after) {
    events.push({
      type: 'suppression.removed',
      occurredAt: change.occurredAt,
      data: {
        ...common,
        previous_status: change.previousStatus,
        reason: change.reason,
        occurred_at: rfc3339(change.occurredAt),
      },
    });
  }
  return events;
}

/** Where a suppression came from, by the reason of the change that made it (the suppression list's `origin`). */
export function suppressionOriginOf(reason: StatusChangeReason): SuppressionOrigin | null {
  switch (reason) {
    case 'hard-bounce':
    case 'soft-bounce-threshold':
      return 'bounce';
    case 'complaint':
    case 'manual':
    case 'import':
      return reason;
    default:
      return null;
  }
}

/** RFC 3339 in UTC to the second, as the API writes times: `2026-01-10T12:00:00Z`. */
function rfc3339(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
