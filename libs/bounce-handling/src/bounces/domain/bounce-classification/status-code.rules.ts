import type { BounceReason } from './bounce-reason';

/**
 * What an enhanced status code (RFC 3463 and the IANA registry, plus Microsoft's documented
 * extensions) says about a bounce.
 *
 * A *decisive* code names its cause by itself (`5.1.1` bad mailbox, `5.2.2` mailbox full,
 * `5.7.26` authentication failed): the receiving server's words can only overrule it when they
 * blame the address less (a `5.1.1` that cites a block list is a block). A *non-decisive* code is
 * used by real servers for several causes (`5.7.1` is Office 365's "not authorized" and everyone's
 * block list; `5.5.0` is Outlook.com's unknown user; `5.4.1` is Office 365's unknown user; `4.2.1`
 * is Gmail's "receiving mail too fast"): the words decide, and the code's reason is only the
 * fallback. `reason: null` reads as "nothing decisive".
 *
 * Lookup order: the exact code, then a range (Microsoft's `5.7.606`–`5.7.649` …), then the
 * class and subject (`5.6.x`).
 */
export interface StatusCodeMeaning {
  readonly reason: BounceReason | null;
  readonly decisive: boolean;
}

const decisive = (reason: BounceReason): StatusCodeMeaning => ({ reason, decisive: true });
const fallback = (reason: BounceReason | null): StatusCodeMeaning => ({ reason, decisive: false });

/** Both classes, `4.s.d` and `5.s.d`, with one meaning. */
const both = (subjectDetail: string, meaning: StatusCodeMeaning): Array<[string, StatusCodeMeaning]> => [
  [`4.${subjectDetail}`, meaning],
  [`5.${subjectDetail}`, meaning],
];

export const STATUS_CODE_MEANINGS: ReadonlyMap<string, StatusCodeMeaning> = new Map<string, StatusCodeMeaning>([
  // X.0 other or undefined
  ...both('0.0', fallback(null)),

  // X.1 addressing
  ...both('1.0', fallback(null)), // "other address status": the sender's or the recipient's
  ...both('1.1', decisive('user_unknown')),
  ...both('1.2', decisive('host_unknown')),
  ...both('1.3', decisive('user_unknown')), // the address is not even well-formed
  ...both('1.6', decisive('has_moved')),
  ...both('1.7', decisive('auth_failure')), // the sender's address is malformed
  ...both('1.8', decisive('auth_failure')), // the sender's domain does not exist
  ['5.1.10', fallback('not_accept')], // null MX (RFC 7505); Office 365 uses it for an unknown recipient
  ['5.1.90', decisive('rate_limited')], // Office 365: the sender's daily recipient limit
  ['5.1.351', decisive('user_unknown')], // Office 365: remote server returned unknown recipient

  // X.2 mailbox
  ...both('2.0', fallback(null)),
  ['4.2.1', fallback('mailbox_disabled')], // Gmail: "receiving mail at a rate that prevents …"
  ['5.2.1', decisive('mailbox_disabled')],
  ...both('2.2', decisive('mailbox_full')),
  ...both('2.3', decisive('message_too_big')), // per-mailbox message length limit
  ...both('2.4', fallback('system_error')), // mailing list expansion problem
  ['5.2.121', decisive('rate_limited')], // Office 365: recipient's per-hour limit from this sender
  ['5.2.122', decisive('rate_limited')], // Office 365: recipient's per-hour limit from all senders

  // X.3 mail system
  ...both('3.0', fallback('system_error')),
  ...both('3.1', decisive('system_error')), // mail system full
  ...both('3.2', fallback('system_error')), // system not accepting network messages
  ...both('3.3', decisive('system_error')),
  ...both('3.4', decisive('message_too_big')),
  ...both('3.5', decisive('system_error')),

  // X.4 network and routing
  ...both('4.0', fallback('network_error')),
  ['4.4.1', decisive('network_error')], // no answer from host
  ['5.4.1', fallback('network_error')], // Office 365: "Recipient address rejected: Access denied"
  ...both('4.2', decisive('network_error')),
  ...both('4.3', decisive('network_error')),
  ['4.4.4', decisive('network_error')],
  ['5.4.4', decisive('host_unknown')], // unable to route: no such domain
  ...both('4.5', decisive('system_error')), // mail system congestion
  ...both('4.6', decisive('network_error')), // routing loop
  ...both('4.7', decisive('expired')),
  ['5.4.14', decisive('network_error')], // Office 365: hop count exceeded
  ['5.4.300', decisive('expired')], // Office 365: message expired
  ['5.4.310', decisive('host_unknown')], // Office 365: DNS domain does not exist
  ...both('4.312', decisive('network_error')), // Office 365: DNS query failed
  ['4.4.316', decisive('network_error')], // Office 365: connection refused
  ['5.4.316', decisive('expired')], // Office 365: message expired, connection refused

  // X.5 mail delivery protocol
  ['5.5.0', fallback(null)], // Outlook.com's unknown user, Orange's disabled account, …
  ...both('5.3', decisive('rate_limited')), // too many recipients

  // X.6 message content
  ...both('6.0', fallback('content_error')),

  // X.7 security or policy
  ...both('7.0', fallback('policy_violation')),
  ...both('7.1', fallback('policy_violation')), // "delivery not authorized": blocks, policies, unknown users
  ...both('7.2', fallback('policy_violation')), // mailing list expansion prohibited; Yahoo's [TSS09] block
  ['5.7.12', decisive('policy_violation')], // Office 365: sender not authenticated by the organisation
  ['5.7.13', decisive('mailbox_disabled')], // user account disabled
  ...both('7.16', decisive('message_too_big')),
  ['5.7.17', decisive('has_moved')], // mailbox owner has changed
  ['5.7.18', decisive('has_moved')], // domain owner has changed
  ...both('7.20', decisive('auth_failure')), // no passing DKIM signature
  ...both('7.21', decisive('auth_failure')),
  ...both('7.22', decisive('auth_failure')),
  ...both('7.23', decisive('auth_failure')), // SPF validation failed
  ...both('7.24', decisive('auth_failure')), // SPF validation error
  ...both('7.25', decisive('auth_failure')), // reverse DNS validation failed
  ...both('7.26', decisive('auth_failure')), // multiple authentication checks failed (DMARC)
  ...both('7.27', decisive('auth_failure')), // sender address has null MX
  ['4.7.28', decisive('rate_limited')], // Gmail: unusual rate of mail, temporarily rate limited
  ['5.7.28', decisive('spam_detected')], // mail flood detected
  ...both('7.29', fallback('auth_failure')), // ARC validation failed; Gmail uses 4.7.29 for "no TLS"
  ...both('7.30', fallback('policy_violation')), // REQUIRETLS; Gmail uses it for DKIM
  ...both('7.32', decisive('auth_failure')), // Gmail: From: not aligned with SPF or DKIM
  ['4.7.40', decisive('auth_failure')], // Gmail: no DMARC record
  ['5.7.54', decisive('no_relaying')], // Office 365: unable to relay to a non-accepted domain
  ['5.7.64', decisive('no_relaying')], // Office 365: TenantAttribution; relay access denied
  ['5.7.124', decisive('policy_violation')], // Office 365: sender not in the group's allowed senders
  ['5.7.133', decisive('policy_violation')], // Office 365: sender not authenticated for group
  ['5.7.134', decisive('policy_violation')], // … for mailbox
  ['5.7.135', decisive('policy_violation')], // … for public folder
  ['5.7.136', decisive('policy_violation')], // … for mail user
  ['5.7.504', decisive('user_unknown')], // Office 365: recipient address rejected, not valid
  ['5.7.505', decisive('mailbox_disabled')], // Office 365: banned recipient
  ['5.7.506', decisive('blocked')], // Office 365: bad HELO
  ['5.7.507', decisive('blocked')], // Office 365: rejected by the recipient's organisation
  ['5.7.508', decisive('rate_limited')], // Office 365: exceeded permitted limits within a range
  ['5.7.509', decisive('auth_failure')], // Office 365: does not pass DMARC verification
  ['5.7.510', decisive('policy_violation')], // Office 365: does not accept email over IPv6
  ['5.7.511', decisive('blocked')], // Office 365: banned sender
  ['5.7.512', decisive('content_error')], // Office 365: message must be RFC 5322 section 3.6.2 compliant
  ['5.7.513', decisive('blocked')], // Office 365: customer block list
  ['5.7.515', decisive('auth_failure')], // Outlook.com: domain doesn't meet the required authentication level
  ['5.7.520', decisive('policy_violation')], // Office 365: external forwarding not allowed
  ['5.7.750', decisive('blocked')], // Office 365: client blocked from sending from unregistered domains
]);

export interface StatusCodeRange {
  readonly classSubject: string;
  readonly from: number;
  readonly to: number;
  readonly meaning: StatusCodeMeaning;
}

/** Microsoft's documented ranges (Exchange Online NDR reference). */
export const STATUS_CODE_RANGES: readonly StatusCodeRange[] = [
  { classSubject: '4.7', from: 500, to: 699, meaning: decisive('rate_limited') }, // server busy, throttling
  { classSubject: '4.7', from: 850, to: 899, meaning: decisive('blocked') }, // IP temporarily restricted
  { classSubject: '5.7', from: 501, to: 503, meaning: decisive('blocked') }, // spam abuse detected, banned sender
  { classSubject: '5.7', from: 606, to: 649, meaning: decisive('blocked') }, // banned sending IP
  { classSubject: '5.7', from: 700, to: 749, meaning: decisive('blocked') }, // traffic not accepted from this IP
  { classSubject: '5.7', from: 900, to: 999, meaning: decisive('policy_violation') }, // a mail flow rule
];

/** The class and subject when the exact code is unknown. */
export const STATUS_SUBJECT_MEANINGS: ReadonlyMap<string, StatusCodeMeaning> = new Map<string, StatusCodeMeaning>([
  ...both('0', fallback(null)),
  ...both('1', fallback(null)),
  ...both('2', fallback(null)),
  ...both('3', fallback('system_error')),
  ...both('4', fallback('network_error')),
  ...both('5', fallback('system_error')),
  ...both('6', decisive('content_error')),
  ...both('7', fallback('policy_violation')),
]);

/** Basic reply codes that say something without an enhanced code (RFC 7504). */
export const REPLY_CODE_MEANINGS: ReadonlyMap<number, StatusCodeMeaning> = new Map<number, StatusCodeMeaning>([
  [521, fallback('not_accept')], // host does not accept mail
  [556, fallback('not_accept')], // domain does not accept mail (null MX)
]);

export interface StatusCodeMatch extends StatusCodeMeaning {
  /** Which entry of the tables answered: `status:5.1.1`, `status:5.7.606-649`, `status:5.6.x`, `reply:556`. */
  readonly rule: string;
}

/** What a normalised enhanced status code means, or null for a class-2 (success) code. */
export function meaningOfStatus(status: string): StatusCodeMatch | null {
  if (status.startsWith('2.')) return null;
  const exact = STATUS_CODE_MEANINGS.get(status);
  if (exact) return { ...exact, rule: `status:${status}` };
  const [klass, subject, detail] = status.split('.');
  const classSubject = `${klass}.${subject}`;
  const numericDetail = Number(detail);
  for (const range of STATUS_CODE_RANGES) {
    if (range.classSubject === classSubject && numericDetail >= range.from && numericDetail <= range.to) {
      return { ...range.meaning, rule: `status:${classSubject}.${range.from}-${range.to}` };
    }
  }
  const bySubject = STATUS_SUBJECT_MEANINGS.get(classSubject);
  return bySubject ? { ...bySubject, rule: `status:${classSubject}.x` } : null;
}

export function meaningOfReplyCode(replyCode: number): StatusCodeMatch | null {
  const meaning = REPLY_CODE_MEANINGS.get(replyCode);
  return meaning ? { ...meaning, rule: `reply:${replyCode}` } : null;
}
