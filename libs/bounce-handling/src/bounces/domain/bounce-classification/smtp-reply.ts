/**
 * Reading a receiving server's answer as providers hand it over: a DSN `Diagnostic-Code`
 * (`smtp; 550 5.1.1 <a@b>: Recipient address rejected`), Gmail's multi-line replies flattened
 * into one (`550-5.1.1 The email account … 550-5.1.1 double-checking …`), Exchange's
 * `#550 5.1.1 RESOLVER.ADR.RecipNotFound`, qmail's `(#5.1.1)`, Postfix's and Exim's notes on
 * the SMTP command that was answered.
 */

/** The SMTP command a reply answered, as far as the text tells. */
export type SmtpStage = 'connect' | 'helo' | 'mail' | 'rcpt' | 'data';

export interface SmtpReply {
  /** The basic reply code (RFC 5321), 400–599. */
  readonly replyCode: number | null;
  /** The enhanced status code (RFC 3463), normalised: `5.1.1`, `5.7.606`. */
  readonly status: string | null;
  readonly stage: SmtpStage | null;
}

// An enhanced status code stands alone: not inside an IP address (`[10.2.3.4]`), a version or
// Yahoo's internal `4.16.55.1`. Subjects are 0–7 (RFC 3463 and the IANA registry).
const STATUS = /(?<![\w.])([245])\.([0-7])\.(\d{1,3})(?!\.?\d)/;
const REPLY_THEN_STATUS = /(?<![\w.])([45]\d\d)[ -]([245])\.([0-7])\.(\d{1,3})(?!\.?\d)/;
const REPLY = /(?:^|[\s;:#('"])([45]\d\d)(?=[\s-]|$)/;
// A reply code opening a line of a multi-line reply, with its status: `550-5.1.1 `, `550 5.1.1 `.
const REPLY_PREFIXES = /(?<![\w.])[45]\d\d(?:-|\s(?=[245]\.[0-7]\.\d))(?:[245]\.[0-7]\.\d{1,3}(?!\.?\d))?/g;

const STAGES: ReadonlyArray<readonly [RegExp, SmtpStage]> = [
  [/in reply to (?:the )?rcpt to command|after rcpt to:|while sending rcpt to/, 'rcpt'],
  [/in reply to (?:the )?mail from command|after (?:pipelined )?mail from:|while sending mail from/, 'mail'],
  [/in reply to (?:the )?(?:end of )?data command|after (?:end of )?data\b|while sending (?:end of )?data/, 'data'],
  [/in reply to (?:the )?(?:ehlo|helo|lhlo) command|after (?:ehlo|helo)\b/, 'helo'],
  [/while receiving the initial server greeting|after initial connection/, 'connect'],
];

/** `5.1.1`, `5.01.01`, `smtp; 550 5.1.1 …` → `5.1.1`; anything without a status code → null. */
export function normaliseEnhancedStatus(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const found = STATUS.exec(String(value)) ?? /^\s*([245])\.(\d{1,3})\.(\d{1,3})\s*$/.exec(String(value));
  return found ? `${found[1]}.${Number(found[2])}.${Number(found[3])}` : null;
}

/** A basic reply code given as a number or text (`550`, `"550"`); 400–599 only. */
export function normaliseReplyCode(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!/^[45]\d\d$/.test(text)) return null;
  return Number(text);
}

/** The first reply code, status code and answered command that a diagnostic text names. */
export function parseSmtpReply(text: string | null | undefined): SmtpReply {
  if (!text) return { replyCode: null, status: null, stage: null };
  const lower = text.toLowerCase();
  const paired = REPLY_THEN_STATUS.exec(lower);
  const status = paired ? `${paired[2]}.${Number(paired[3])}.${Number(paired[4])}` : normaliseEnhancedStatus(lower);
  const reply = paired ? Number(paired[1]) : replyCodeIn(lower);
  return { replyCode: reply, status, stage: stageIn(lower) };
}

function replyCodeIn(lower: string): number | null {
  const found = REPLY.exec(lower);
  return found ? Number(found[1]) : null;
}

function stageIn(lower: string): SmtpStage | null {
  for (const [pattern, stage] of STAGES) if (pattern.test(lower)) return stage;
  return null;
}

/**
 * The text the wording rules read: lower case, on one line, without the reply codes that open
 * the lines of a multi-line reply, so that a phrase broken over lines still reads as one.
 */
export function normaliseDiagnostic(text: string | null | undefined): string {
  if (!text) return '';
  return text.toLowerCase().replace(REPLY_PREFIXES, ' ').replace(/\s+/g, ' ').trim();
}

/** The class of a status code: 2 success, 4 persistent transient failure, 5 permanent failure. */
export function statusClass(status: string): 2 | 4 | 5 {
  return Number(status[0]) as 2 | 4 | 5;
}
