import { createHash } from 'node:crypto';
import type { DeliveryEvent } from '../../bounces/application/bounces.facade';
import { MAX_PROVIDER_ID_LENGTH, providerText } from '../../shared/domain/provider-text';
import type { BounceMailReading, InboundReport } from '../domain/inbound-report';

/** The most of a received message kept with each of its reports (the headers and the report come first). */
export const MAX_KEPT_MESSAGE_BYTES = 12 * 1024;

/** Source of every report read from received mail. */
export const INBOUND_SOURCE = 'inbound';

/**
 * The event each report gives, in the order of the reports; null for a report that changes
 * nothing (a delay, an auto-reply). The dedupe key is the received message's `Message-ID` and
 * the recipient: a mail server that delivers one bounce twice, or a mailbox read twice, records
 * it once. A message without `Message-ID` is known by the digest of its bytes.
 */
export function inboundMailEvents(reading: BounceMailReading, raw: Uint8Array): (DeliveryEvent | null)[] {
  const reportId = reading.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const rawPayload = keptMessage(raw);
  const providerMessageId = providerText(reading.originalMessageId, MAX_PROVIDER_ID_LENGTH);
  return reading.reports.map((report): DeliveryEvent | null => {
    const common = {
      email: report.email,
      source: INBOUND_SOURCE,
      providerEventId: eventIdOf(reportId, report),
      providerMessageId,
      campaignId: reading.campaignId,
      rawPayload,
    } as const;
    switch (report.kind) {
      case 'bounce':
        return {
          kind: 'bounce',
          ...common,
          bounceType: report.bounceType ?? 'soft',
          subtype: null,
          diagnosticCode: report.diagnosticCode,
          ...(report.cause ? { classification: report.cause } : {}),
        };
      case 'complaint':
        return { kind: 'complaint', ...common, subtype: null, feedbackType: report.feedbackType };
      case 'delivery':
        return { kind: 'delivery', ...common };
      case 'delayed':
      case 'auto_reply':
        return null;
    }
  });
}

function eventIdOf(reportId: string, report: InboundReport): string {
  // eslint-disable-next-line no-control-regex -- NUL and control characters are looked for on purpose
  const key = `${reportId.replace(/[\u0000-\u001f\u007f]/g, '')}:${report.email.value}`;
  return key.length <= MAX_PROVIDER_ID_LENGTH ? key : createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What is kept of the message with its reports: its beginning, as text, and its size. */
function keptMessage(raw: Uint8Array): { readonly message: string; readonly bytes: number; readonly truncated: boolean } {
  const truncated = raw.length > MAX_KEPT_MESSAGE_BYTES;
  const message = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.length, MAX_KEPT_MESSAGE_BYTES)).toString('utf8');
  return { message, bytes: raw.length, truncated };
}
