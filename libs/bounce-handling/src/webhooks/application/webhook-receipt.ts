import type { IngestOutcome } from '../../bounces/application/bounces.facade';

/**
 * What became of the reports of one webhook request, as every provider is answered;
 * `received` = `recorded` + `duplicates` + `ignored`.
 */
export interface WebhookReceipt {
  readonly received: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly ignored: number;
}

/**
 * The receipt of `received` reports whose events ingestion answered with `outcomes`. Whatever
 * stored no bounce is ignored: reports the mapper set aside, and deliveries (which reset the
 * soft-bounce count but store nothing).
 */
export function webhookReceipt(received: number, outcomes: readonly IngestOutcome[]): WebhookReceipt {
  const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
  const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
  return { received, recorded, duplicates, ignored: received - recorded - duplicates };
}
