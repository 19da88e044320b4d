import { COMPLAINT_CAUSE } from '../../bounces/domain/delivery-event';
import type { EmailAddress } from '../../shared/domain/email-address';
import { addressesIn, headerValues, parseHeaderBlock } from './header-fields';
import type { InboundReport } from './inbound-report';

/** The part of an ARF report (RFC 5965) that carries its fields. */
export const FEEDBACK_REPORT_TYPE = 'message/feedback-report';

/**
 * The feedback types that are the recipient's complaint about our message: `abuse` (the "this is
 * spam" button), `fraud` (phishing), `virus`, and `other`, which feedback loops send for a
 * complaint they do not class. Not among them: `not-spam` (RFC 6430, the opposite), and
 * `auth-failure` (RFC 6591, a machine's report that our message failed SPF, DKIM or DMARC: the
 * recipient did nothing). A type no one registered is no complaint either.
 */
export const COMPLAINT_FEEDBACK_TYPES: readonly string[] = ['abuse', 'fraud', 'virus', 'other'];

/** What an ARF report's fields say. */
export interface FeedbackReport {
  /** `Feedback-Type`, in lower case; null when absent. */
  readonly feedbackType: string | null;
  /** The addresses of its `Original-Rcpt-To` fields, as written. */
  readonly originalRecipients: readonly string[];
}

/** The fields of a `message/feedback-report` part (one block, RFC 5965 §3.1). */
export function readFeedbackReport(content: string): FeedbackReport {
  const fields = parseHeaderBlock(content);
  const feedbackType = headerValues(fields, 'feedback-type')[0]?.trim().toLowerCase() || null;
  return { feedbackType, originalRecipients: headerValues(fields, 'original-rcpt-to').flatMap(addressesIn) };
}

export function isComplaintFeedback(feedbackType: string | null): boolean {
  return feedbackType !== null && COMPLAINT_FEEDBACK_TYPES.includes(feedbackType);
}

/** The report of a complaint by that address. */
export function complaintReport(email: EmailAddress, feedbackType: string): InboundReport {
  return { kind: 'complaint', email, bounceType: null, cause: COMPLAINT_CAUSE, diagnosticCode: null, feedbackType };
}
