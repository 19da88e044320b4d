import type { BounceType } from '../delivery-event';
import { type BounceCategory, type BounceReason, blamesAddressLess, categoryOf, REASON_MEANINGS } from './bounce-reason';
import { matchDiagnosticText } from './diagnostic-text.rules';
import { type ProviderCauseMatch, type ProviderFields, providerCauseOf, providerWordOf } from './provider-cause.rules';
import { normaliseDiagnostic, normaliseEnhancedStatus, normaliseReplyCode, parseSmtpReply, type SmtpStage, statusClass } from './smtp-reply';
import { meaningOfReplyCode, meaningOfStatus } from './status-code.rules';

/** What a report says about why a message bounced, in provider-neutral terms. */
export interface BounceEvidence {
  /** The provider's own fields, as in its payload. */
  readonly provider?: ProviderFields | null;
  /** The receiving server's basic reply code, when the provider gives it apart (Mailgun `delivery-status.code`). */
  readonly replyCode?: number | string | null;
  /** The enhanced status code, when the provider gives it apart (SES recipient `status`, SendGrid `status`). */
  readonly status?: string | null;
  /** The receiving server's answer (SES `diagnosticCode`, Mailgun message and description, SendGrid `reason`). */
  readonly diagnostic?: string | null;
  /** The provider's hard/soft word when the caller has it already; else it is read from `provider`. */
  readonly providerType?: 'hard' | 'soft' | null;
}

/** Which evidence decided the reason. */
export type EvidenceSource = 'provider-field' | 'status-code' | 'diagnostic' | 'provider-type' | 'none';

export interface BounceClassification {
  readonly reason: BounceReason;
  readonly category: BounceCategory;
  /** What the policy receives. */
  readonly type: BounceType;
  /** The enhanced status code found, normalised (`5.1.1`). */
  readonly status: string | null;
  readonly decidedBy: EvidenceSource;
  /** The table entry that decided (`status:5.1.1`, `text:gmail-no-such-user`, `ses.bounceSubType:noemail`). */
  readonly rule: string | null;
}

interface Reading {
  readonly reason: BounceReason;
  readonly decidedBy: EvidenceSource;
  readonly rule: string;
}

/** Commands answered before the recipient was named: a refusal there cannot be about the address. */
const BEFORE_RECIPIENT: ReadonlySet<SmtpStage> = new Set<SmtpStage>(['connect', 'helo', 'mail']);

/**
 * Why a message bounced, from the evidence of its report (docs/bounce-classification.md).
 *
 * Evidence, strongest first:
 * 1. a provider field that names a cause (fixed, or coarse: then the server's answer may choose
 *    a finer reason among the ones it allows);
 * 2. a decisive enhanced status code, unless the server's words blame the address less;
 * 3. the server's words;
 * 4. a non-decisive status code (or a telling reply code: 521, 556);
 * 5. the provider's hard/soft word, for `undetermined`.
 *
 * A pure function: no clock, no I/O; the tables are compiled once, each call is one pass over them.
 */
export function classifyBounce(evidence: BounceEvidence): BounceClassification {
  const reply = parseSmtpReply(evidence.diagnostic);
  const status = chooseStatus(normaliseEnhancedStatus(evidence.status), reply.status);
  const replyCode = normaliseReplyCode(evidence.replyCode) ?? reply.replyCode;
  const provider = evidence.provider ?? null;

  const answer = readServerAnswer(status, replyCode, normaliseDiagnostic(evidence.diagnostic), reply.stage);
  const reading = withProviderCause(provider ? providerCauseOf(provider) : null, answer);

  // The server said "try again later": no reading of its words makes that permanent.
  const temporary = status !== null ? statusClass(status) === 4 : replyCode !== null && replyCode < 500;
  const word = evidence.providerType ?? (provider ? providerWordOf(provider) : null);

  if (reading === null) {
    return {
      reason: 'undetermined',
      category: 'undetermined',
      type: temporary ? 'soft' : (word ?? 'soft'),
      status,
      decidedBy: word ? 'provider-type' : 'none',
      rule: null,
    };
  }
  return {
    reason: reading.reason,
    category: categoryOf(reading.reason),
    type: typeOf(reading.reason, temporary),
    status,
    decidedBy: reading.decidedBy,
    rule: reading.rule,
  };
}

/** The code the provider gave apart, unless it is only a class (`5.0.0`) and the text is more exact. */
function chooseStatus(given: string | null, inText: string | null): string | null {
  if (given !== null && inText !== null && /^\d\.0\.0$/.test(given)) return inText;
  return given ?? inText;
}

/** What the receiving server's code and words say, by the order in `classifyBounce`. */
function readServerAnswer(status: string | null, replyCode: number | null, text: string, stage: SmtpStage | null): Reading | null {
  const code = (status !== null ? meaningOfStatus(status) : null) ?? (replyCode !== null ? meaningOfReplyCode(replyCode) : null);
  const words = matchDiagnosticText(text, status);
  const fromCode: Reading | null = code?.reason ? { reason: code.reason, decidedBy: 'status-code', rule: code.rule } : null;
  const fromWords: Reading | null = words ? { reason: words.reason, decidedBy: 'diagnostic', rule: words.rule } : null;

  let chosen: Reading | null;
  if (fromCode && code?.decisive) {
    chosen = fromWords && !words?.weak && blamesAddressLess(fromWords.reason, fromCode.reason) ? fromWords : fromCode;
  } else {
    chosen = fromWords ?? fromCode;
  }

  if (chosen && stage !== null && BEFORE_RECIPIENT.has(stage) && categoryOf(chosen.reason) === 'recipient') {
    // Refused before RCPT TO: the address in question is ours (MAIL FROM), or no address at all.
    return { reason: 'auth_failure', decidedBy: chosen.decidedBy, rule: `${chosen.rule}+before-rcpt` };
  }
  return chosen;
}

/** A fixed cause wins; a coarse one gives way to a finer reason it allows. */
function withProviderCause(cause: ProviderCauseMatch | null, answer: Reading | null): Reading | null {
  if (cause === null) return answer;
  if (answer !== null && cause.refineTo?.includes(answer.reason)) return answer;
  return { reason: cause.reason, decidedBy: 'provider-field', rule: cause.rule };
}

function typeOf(reason: BounceReason, temporary: boolean): BounceType {
  const type = REASON_MEANINGS[reason].type ?? 'soft';
  return type === 'hard' && temporary ? 'soft' : type;
}
