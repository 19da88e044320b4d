import type { BounceCause } from '../../bounces/domain/delivery-event';
import type { EmailAddress } from '../../shared/domain/email-address';

/**
 * What a message received at the bounce mailbox says about one recipient:
 * - `bounce`: a message to it failed (a DSN's `Action: failed`, a server's non-standard bounce);
 * - `complaint`: it reported a message as unwanted (an ARF feedback report);
 * - `delivery`: a message reached it (`Action: delivered`, `relayed` or `expanded`);
 * - `delayed`: the server still tries (`Action: delayed`): nothing is decided yet;
 * - `auto_reply`: an out-of-office or other automatic answer: not a bounce.
 */
export const INBOUND_REPORT_KINDS = ['bounce', 'complaint', 'delivery', 'delayed', 'auto_reply'] as const;
export type InboundReportKind = (typeof INBOUND_REPORT_KINDS)[number];

/**
 * Most reports read from one received message. A real DSN names a handful of recipients; a
 * forged one may name millions, and each report costs a classification and a write.
 */
export const MAX_REPORTS_PER_MESSAGE = 1000;

/** One recipient's report, read from a received message. */
export interface InboundReport {
  readonly kind: InboundReportKind;
  /** The address the report is about (for an auto-reply, the address that answered). */
  readonly email: EmailAddress;
  /** A bounce's type as the policy receives it; null for any other kind. */
  readonly bounceType: 'hard' | 'soft' | null;
  /**
   * Why: a bounce's (and a delay's) cause as the classifier read it, a complaint's
   * `COMPLAINT_CAUSE`; null for a delivery or an auto-reply.
   */
  readonly cause: BounceCause | null;
  /** The receiving server's answer (`Diagnostic-Code`, or the line of a text bounce that gave it). */
  readonly diagnosticCode: string | null;
  /** A complaint's ARF `Feedback-Type` (`abuse`, `fraud`, …); null otherwise. */
  readonly feedbackType: string | null;
}

/** Everything a received message says, for every recipient it names. */
export interface BounceMailReading {
  /** The received message's own `Message-ID`, without angle brackets; null when it has none. */
  readonly messageId: string | null;
  /** The `Message-ID` of the returned original message, when the report carries its headers. */
  readonly originalMessageId: string | null;
  /** The `X-Campaign-Id` of the returned original message's headers, when it is a campaign id. */
  readonly campaignId: string | null;
  /** One per recipient; empty when the message is no report (it is then acknowledged and ignored). */
  readonly reports: readonly InboundReport[];
}

/** How a received message is read. */
export interface BounceMailReadingOptions {
  /**
   * The local-part prefix of VERP return paths (`bounces` reads `bounces+alice=example.com@…`
   * as `alice@example.com`); null when return paths carry no recipient.
   */
  readonly verpPrefix: string | null;
}
