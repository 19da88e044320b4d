import type { WebhookProvider } from '../../shared/domain/webhook-providers';

// The webhooks' activity is kept per provider, by the names every feature knows them by.
export { WEBHOOK_PROVIDERS, type WebhookProvider } from '../../shared/domain/webhook-providers';

/** Longest provider name a column holds: room for the providers above, and more. */
export const MAX_WEBHOOK_PROVIDER_LENGTH = 32;

/** Why a webhook refused a request, each with what it tells the operator. */
export const WEBHOOK_REFUSAL_REASONS = {
  not_configured: "the provider's secret or allow-list is not set (503)",
  bad_signature: 'the signature is missing, wrong, or its timestamp out of range (401)',
  unknown_topic: 'an authentic SNS message from a topic that is not in the allow-list (403)',
  malformed: 'the body is not what the provider sends (400, or 406 for Mailgun)',
  too_large: 'the body is over the size limit (413)',
  unsupported_media_type: 'the body is of a content type the webhook does not read (415)',
  other: 'any other refusal (4xx)',
} as const;

export type WebhookRefusalReason = keyof typeof WEBHOOK_REFUSAL_REASONS;

/** Longest refusal reason a column holds: room for the reasons above, and a few more. */
export const MAX_WEBHOOK_REFUSAL_REASON_LENGTH = 32;

/** A refusal's message may quote what was sent (an SNS topic): enough to recognise it, not a copy. */
export const MAX_REFUSAL_MESSAGE_LENGTH = 500;

export interface WebhookRefusal {
  readonly reason: WebhookRefusalReason;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The error message the answer carried. */
  readonly message: string;
}

/** What a webhook answered one request: 2xx, or a refusal the provider should not retry as is. */
export type WebhookOutcome =
  { readonly kind: 'accepted'; readonly at: Date } | { readonly kind: 'refused'; readonly at: Date; readonly refusal: WebhookRefusal };

/** Requests a provider's webhook accepted and refused: counts, and the latest of each. */
export interface WebhookActivity {
  readonly provider: WebhookProvider;
  readonly accepted: number;
  readonly refused: number;
  readonly lastAcceptedAt: Date | null;
  readonly lastRefusedAt: Date | null;
  /** Why the latest refused request was refused. */
  readonly lastRefusal: WebhookRefusal | null;
}

export function noActivity(provider: WebhookProvider): WebhookActivity {
  return { provider, accepted: 0, refused: 0, lastAcceptedAt: null, lastRefusedAt: null, lastRefusal: null };
}

export function withOutcome(activity: WebhookActivity, outcome: WebhookOutcome): WebhookActivity {
  return combineActivity(
    activity,
    outcome.kind === 'accepted'
      ? { ...noActivity(activity.provider), accepted: 1, lastAcceptedAt: outcome.at }
      : { ...noActivity(activity.provider), refused: 1, lastRefusedAt: outcome.at, lastRefusal: outcome.refusal },
  );
}

/**
 * Two activities of one provider as one — what processes counted apart, or a new count added to
 * the stored one: counts add up, the latest times win, and the latest refusal goes with the
 * latest refusal time (the second one's, on a tie). Processes may add theirs in any order.
 */
export function combineActivity(a: WebhookActivity, b: WebhookActivity): WebhookActivity {
  if (a.provider !== b.provider) throw new Error(`Cannot combine the activity of ${a.provider} with that of ${b.provider}`);
  const refusedLatest = b.lastRefusedAt !== null && (a.lastRefusedAt === null || b.lastRefusedAt > a.lastRefusedAt) ? b : a;
  return {
    provider: a.provider,
    accepted: a.accepted + b.accepted,
    refused: a.refused + b.refused,
    lastAcceptedAt: latest(a.lastAcceptedAt, b.lastAcceptedAt),
    lastRefusedAt: refusedLatest.lastRefusedAt,
    lastRefusal: refusedLatest.lastRefusal,
  };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}
