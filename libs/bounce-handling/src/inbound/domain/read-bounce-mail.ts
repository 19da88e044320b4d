import { classifyBounce, bounceCause } from '../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../shared/domain/campaign-id';
import { EmailAddress } from '../../shared/domain/email-address';
import { isAutoReply, isMailSystemSender } from './auto-reply';
import { DELIVERY_STATUS_TYPES, deliveryStatusReport, readDeliveryStatus } from './delivery-status';
import { complaintReport, FEEDBACK_REPORT_TYPE, isComplaintFeedback, readFeedbackReport } from './feedback-report';
import { addressesIn, headerValues, messageIdOf, parseHeaderBlock } from './header-fields';
import { type BounceMailReading, type BounceMailReadingOptions, type InboundReport, MAX_REPORTS_PER_MESSAGE } from './inbound-report';
import { headerValue, type MailHeader, type MailMessage } from './mail-message';
import { readTextBounce, type TextBounce, type TextBounceRecipient } from './text-bounce';
import { verpRecipient } from './verp';

export { MAX_REPORTS_PER_MESSAGE } from './inbound-report';

/** The parts that carry the returned message, or its headers only (RFC 3462, RFC 6533). */
const RETURNED_MESSAGE_TYPES: readonly string[] = ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'];

/**
 * What a message received at the bounce mailbox says (docs/inbound-mail.md). The evidence, in
 * its order, the first that speaks deciding:
 *
 * 1. a delivery status (RFC 3464, RFC 6533): one report per recipient group;
 * 2. a feedback report (RFC 5965): one complaint, or none (`not-spam`);
 * 3. a server's non-standard notice, recognised by `TEXT_BOUNCE_RULES`;
 * 4. auto-reply markers: one `auto_reply` for the address that answered.
 *
 * A DSN carries `Auto-Submitted: auto-replied` too, so the markers are read last and never on a
 * report. The recipient a VERP return path encodes is what we mailed: it names the recipient of
 * a DSN of one recipient, of a text notice, and of a complaint without `Original-Rcpt-To`.
 *
 * Pure and bounded: at most `MAX_REPORTS_PER_MESSAGE` reports, the first `MAX_TEXT_SCANNED`
 * characters of text, linear expressions.
 */
export function readBounceMail(message: MailMessage, options: BounceMailReadingOptions): BounceMailReading {
  const returnedPart = message.attachments.find((part) => RETURNED_MESSAGE_TYPES.includes(part.contentType));
  const isReport = message.attachments.some((part) => DELIVERY_STATUS_TYPES.includes(part.contentType) || part.contentType === FEEDBACK_REPORT_TYPE);

  let returnedHeaders: readonly MailHeader[] = returnedPart ? parseHeaderBlock(returnedPart.content) : [];
  const verpOf = (): EmailAddress | null => (options.verpPrefix ? verpRecipient(message.headers, returnedHeaders, options.verpPrefix) : null);

  let reports = deliveryStatusReports(message, verpOf()) ?? feedbackReports(message, returnedHeaders, verpOf());
  if (reports === null) {
    const textBounce = readTextBounce(message.text);
    if (textBounce !== null) {
      if (returnedHeaders.length === 0) returnedHeaders = textBounce.returnedHeaders;
      reports = textBounceReports(textBounce, verpOf());
    }
  }
  if (reports === null && !isReport) reports = autoReplyReports(message.headers, verpOf());

  return {
    messageId: messageIdOf(headerValue(message.headers, 'message-id')),
    originalMessageId: messageIdOf(headerValue(returnedHeaders, 'message-id')),
    campaignId: CampaignId.tryParse(headerValue(returnedHeaders, 'x-campaign-id'))?.value ?? null,
    reports: reports ?? [],
  };
}

/**
 * One report per recipient group of the delivery status parts; null when they name no recipient
 * a report can be made for (the other evidence is then read). A DSN of one group is about the
 * address VERP encodes, when there is one: an alias's `Final-Recipient` is not what we mailed,
 * and a poor DSN may name no valid address at all. A DSN of several keeps its own addresses.
 */
function deliveryStatusReports(message: MailMessage, verp: EmailAddress | null): InboundReport[] | null {
  const recipients = message.attachments
    .filter((part) => DELIVERY_STATUS_TYPES.includes(part.contentType))
    .flatMap((part) => readDeliveryStatus(part.content))
    .slice(0, MAX_REPORTS_PER_MESSAGE);
  const reports: InboundReport[] = [];
  for (const recipient of recipients) {
    const email = verp !== null && recipients.length === 1 ? verp : recipient.recipient;
    const report = email !== null ? deliveryStatusReport(recipient, email) : null;
    if (report !== null) reports.push(report);
  }
  const unique = onePerRecipient(reports);
  return unique.length > 0 ? unique : null;
}

/**
 * The complaint of a feedback report; null when the message has none. A feedback type that is no
 * complaint (`not-spam`, `auth-failure`) makes no report at all, and nothing else is read. The
 * complainant is `Original-Rcpt-To`, else the VERP address, else the returned message's `To`
 * when it names one address (a complaint is one person's: several would blame the others too).
 */
function feedbackReports(message: MailMessage, returnedHeaders: readonly MailHeader[], verp: EmailAddress | null): InboundReport[] | null {
  const part = message.attachments.find((attachment) => attachment.contentType === FEEDBACK_REPORT_TYPE);
  if (!part) return null;
  const feedback = readFeedbackReport(part.content);
  if (feedback.feedbackType === null || !isComplaintFeedback(feedback.feedbackType)) return [];
  const feedbackType = feedback.feedbackType;

  const named = validAddresses(feedback.originalRecipients);
  if (named.length > 0) return named.slice(0, MAX_REPORTS_PER_MESSAGE).map((email) => complaintReport(email, feedbackType));
  if (verp !== null) return [complaintReport(verp, feedbackType)];
  const to = validAddresses(headerValues(returnedHeaders, 'to').flatMap(addressesIn));
  return to.length === 1 ? [complaintReport(to[0], feedbackType)] : [];
}

/**
 * The reports of a server's notice. The VERP address is its recipient when there is one (what
 * the text names may be an alias, a rewritten address, or nothing readable), with the answer
 * given to that address in the text, else to its first recipient, else found anywhere in it.
 */
function textBounceReports(bounce: TextBounce, verp: EmailAddress | null): InboundReport[] {
  let recipients: readonly TextBounceRecipient[] = bounce.recipients;
  if (verp !== null) {
    const named = recipients.find((recipient) => recipient.email?.equals(verp)) ?? recipients[0];
    recipients = [{ email: verp, diagnostic: named?.diagnostic ?? bounce.diagnostic, remoteMta: named?.remoteMta ?? null }];
  }
  const reports: InboundReport[] = [];
  for (const recipient of recipients) {
    if (recipient.email === null) continue;
    // The server's own "permanent error" is its word for an undetermined cause, as a provider's "Permanent" is.
    const classification = classifyBounce({ diagnostic: recipient.diagnostic, providerType: bounce.permanent ? 'hard' : null });
    const cause = bounceCause(classification, recipient.remoteMta);
    const base = { email: recipient.email, cause, diagnosticCode: recipient.diagnostic, feedbackType: null };
    reports.push(
      bounce.notice === 'delay'
        ? { ...base, kind: 'delayed', bounceType: null }
        : { ...base, kind: 'bounce', bounceType: classification.type === 'hard' ? 'hard' : 'soft' },
    );
  }
  return onePerRecipient(reports);
}

/**
 * An automatic answer's report, for the address that answered (its `From`; else the VERP
 * address it was sent back to); null when the message has no auto-reply marker. A mail system's
 * automatic message (a bounce no rule knows) answers for no mailbox and makes none.
 */
function autoReplyReports(headers: readonly MailHeader[], verp: EmailAddress | null): InboundReport[] | null {
  if (!isAutoReply(headers)) return null;
  const from = headerValues(headers, 'from').flatMap(addressesIn)[0];
  if (from !== undefined && isMailSystemSender(from)) return [];
  const email = (from !== undefined ? EmailAddress.tryParse(from) : null) ?? verp;
  return email !== null ? [{ kind: 'auto_reply', email, bounceType: null, cause: null, diagnosticCode: null, feedbackType: null }] : [];
}

function validAddresses(values: readonly string[]): EmailAddress[] {
  return onePerAddress(values.map((value) => EmailAddress.tryParse(value)).filter((email): email is EmailAddress => email !== null));
}

function onePerAddress(addresses: readonly EmailAddress[]): EmailAddress[] {
  const seen = new Set<string>();
  return addresses.filter((email) => !seen.has(email.value) && seen.add(email.value));
}

/** The first report about each address: the dedupe key is the received message's id and the recipient. */
function onePerRecipient(reports: readonly InboundReport[]): InboundReport[] {
  const seen = new Set<string>();
  return reports.filter((report) => !seen.has(report.email.value) && seen.add(report.email.value));
}
