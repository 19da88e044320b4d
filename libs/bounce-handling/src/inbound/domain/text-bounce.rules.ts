/**
 * The non-standard bounces of common mail servers, as data: how each server's notice is
 * recognised, where it lists the failed recipients and how it gives each one's diagnostic.
 * Read only when a message carries no delivery status (RFC 3464) naming a recipient.
 *
 * The first rule that recognises the text and finds a recipient in it wins, so a delay notice
 * comes before the failure notice of the same server (both are recognised by the server's
 * opening words). Every expression is linear: no nested quantifiers over the same characters,
 * and the text read is bounded (`MAX_TEXT_SCANNED`).
 */
export interface TextBounceRule {
  readonly id: string;
  /** The notice is this server's when every expression matches its text. */
  readonly recognise: readonly RegExp[];
  /** `failure`: the server gave up; `delay`: it still tries (nothing is decided). */
  readonly notice: 'failure' | 'delay';
  /** Words by which the server says the failure is permanent: an undetermined cause is then hard. */
  readonly saysPermanent?: RegExp;
  /** Where the recipients are listed: after `start`, before `end` (else from the start, or to the end). */
  readonly section?: { readonly start?: RegExp; readonly end?: RegExp };
  /** One recipient per match; its first capture that matched is the address. */
  readonly recipient: RegExp;
  /**
   * The server's answer: its first capture that matched (or the whole match), searched in the
   * recipient's stretch of text (to the next recipient), then in the whole notice when it names
   * one recipient. Without it, or when it finds none, the recipient's stretch is the diagnostic.
   */
  readonly diagnostic?: RegExp;
  /** The receiving server's name or address, in the recipient's stretch. */
  readonly remoteMta?: RegExp;
  /** Where a copy of the returned message (its headers first) begins in the text. */
  readonly returnedMessage?: RegExp;
}

// A recipient on a line of its own: `bob@example.com`, `<bob@example.com>`.
const ADDRESS_LINE = /^[ \t]*<?([^\s<>()@'"]+@[^\s<>()@'"]+?)>?[ \t]*$/m;
// qmail and its descendants (Yahoo): `<bob@example.com>:` opening a line.
const BRACKETED_ADDRESS_COLON = /^<([^<>\s]+)>:/m;
const QMAIL_COPY = /^--- below this line is a copy of the message\.?[ \t]*$/im;
// Exim lists a recipient two spaces in, its details four spaces in.
const EXIM_ADDRESS = /^ {0,2}<?([^\s<>@]+@[^\s<>:]+)>?:?(?=[ \t]|$)/m;
const EXCHANGE_ANSWER = /remote server returned '([^'\n]+)'|^[ \t]*#?([45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}[^\n]*)/im;
const GMAIL_ANSWER = /the response (?:from the remote server )?was:[ \t]*\n?([^\n]+(?:\n[^\n]+)*)/i;
const EXCHANGE_COPY = /^[ \t]*original message headers:?[ \t]*$/im;
const GMAIL_COPY = /^-{5,} ?(?:original message|forwarded message)/im;

export const TEXT_BOUNCE_RULES: readonly TextBounceRule[] = [
  {
    id: 'qmail',
    recognise: [/hi\. this is the qmail-send program|i'm afraid i wasn't able to deliver your message to the following addresses/i],
    notice: 'failure',
    saysPermanent: /this is a permanent error/i,
    section: { start: /to the following addresses\.?/i, end: QMAIL_COPY },
    recipient: BRACKETED_ADDRESS_COLON,
    // Not the whole stretch when the remote host spoke: qmail's closing "Giving up on 203.0.113.5." reads as an expiry.
    diagnostic: /remote host said:[ \t]*([^\n]+)/i,
    remoteMta: /^(\d{1,3}(?:\.\d{1,3}){3}) does not like recipient/m,
    returnedMessage: QMAIL_COPY,
  },
  {
    id: 'yahoo',
    recognise: [/sorry, we were unable to deliver your message to the following address/i],
    notice: 'failure',
    section: { start: /to the following address\.?/i, end: QMAIL_COPY },
    recipient: BRACKETED_ADDRESS_COLON,
    diagnostic: /remote host said:[ \t]*([^\n]+)/i,
    returnedMessage: QMAIL_COPY,
  },
  {
    id: 'exim-delay',
    recognise: [/created automatically by mail delivery software/i, /has not yet been delivered to one or more of its\s+recipients/i],
    notice: 'delay',
    section: { start: /to which the message has not yet been delivered (?:is|are):/i, end: /^no action is required on your part/im },
    recipient: EXIM_ADDRESS,
    remoteMta: /^[ \t]*host ([a-z0-9.-]+) \[/im,
  },
  {
    id: 'exim',
    recognise: [
      /created automatically by mail delivery software/i,
      /could not be delivered to one or more of its\s+recipients|the following address\(es\) failed/i,
    ],
    notice: 'failure',
    saysPermanent: /this is a permanent error/i,
    section: {
      start: /the following address\(es\) failed:/i,
      end: /^-{3,} (?:this is a copy of the message|the header of the original message)|^reporting-mta:/im,
    },
    recipient: EXIM_ADDRESS,
    remoteMta: /^[ \t]*host ([a-z0-9.-]+) \[/im,
    returnedMessage: /^-{3,} this is a copy of the message, including all the headers\. -{3,}[ \t]*$/im,
  },
  {
    id: 'sendmail-warning',
    recognise: [/-{3,} the following addresses had transient non-fatal errors -{3,}/i],
    notice: 'delay',
    section: {
      start: /the following addresses had transient non-fatal errors -{3,}/i,
      end: /^[ \t]*-{3,} (?:transcript of session|original message) follows/im,
    },
    recipient: /^<([^<>\s]+)>[ \t]*$/m,
    diagnostic: /\(reason: ([^\n()]+)\)|^<<< ([45]\d\d[^\n]*)/im,
    remoteMta: /while talking to ([a-z0-9.-]+?)\.?:/i,
  },
  {
    id: 'sendmail',
    recognise: [/-{3,} the following addresses had permanent fatal errors -{3,}/i],
    notice: 'failure',
    saysPermanent: /permanent fatal errors/i,
    section: { start: /the following addresses had permanent fatal errors -{3,}/i, end: /^[ \t]*-{3,} original message follows/im },
    recipient: /^<([^<>\s]+)>[ \t]*$/m,
    diagnostic: /\(reason: ([^\n()]+)\)|^<<< ([45]\d\d[^\n]*)/im,
    remoteMta: /while talking to ([a-z0-9.-]+?)\.?:/i,
    returnedMessage: /^[ \t]*-{3,} original message follows -{3,}[ \t]*$/im,
  },
  {
    id: 'postfix-delay',
    recognise: [/this is the mail system at host/i, /this is a warning only|delayed mail \(still being retried\)/i],
    notice: 'delay',
    section: { start: /^[ \t]*the mail system[ \t]*$/im },
    recipient: /^<([^<>\s]+)>(?: \(expanded from <[^<>\s]*>\))?:/m,
    remoteMta: /\bhost ([a-z0-9.-]+)\[[0-9a-f.:]+\]/i,
  },
  {
    id: 'postfix',
    recognise: [/this is the mail system at host/i, /could not\s+be\s+delivered\s+to\s+one\s+or\s+more\s+recipients/i],
    notice: 'failure',
    section: { start: /^[ \t]*the mail system[ \t]*$/im },
    recipient: /^<([^<>\s]+)>(?: \(expanded from <[^<>\s]*>\))?:/m,
    remoteMta: /\bhost ([a-z0-9.-]+)\[[0-9a-f.:]+\]/i,
  },
  {
    // Exchange 2010 and later, Office 365: the recipient and the server's answer are listed for administrators.
    id: 'exchange',
    recognise: [/diagnostic information for administrators/i],
    notice: 'failure',
    section: { start: /diagnostic information for administrators:?/i },
    recipient: ADDRESS_LINE,
    diagnostic: EXCHANGE_ANSWER,
    remoteMta: /^[ \t]*receiving server:[ \t]*([a-z0-9.-]+)/im,
    returnedMessage: EXCHANGE_COPY,
  },
  {
    // Exchange's summary for the sender, when the administrators' part is missing.
    id: 'exchange-summary',
    recognise: [/delivery has failed to these recipients or groups|your message to \S+ couldn't be delivered/i],
    notice: 'failure',
    recipient: /\(([^\s()<>@]+@[^\s()<>@]+)\)|your message to ([^\s<>@]+@[^\s<>]+?) couldn't be delivered/i,
    diagnostic: EXCHANGE_ANSWER,
    returnedMessage: EXCHANGE_COPY,
  },
  {
    // Exchange 2003: "The following recipient(s) cannot be reached: 'bob@example.com' on 12/3/2026 …".
    id: 'exchange-2003',
    recognise: [/the following recipient\(s\) (?:cannot|could not) be reached/i],
    notice: 'failure',
    section: { start: /the following recipient\(s\) (?:cannot|could not) be reached:?/i },
    recipient: /^[ \t]*'?([^\s'<>@]+@[^\s'<>]+?)'? on \d/m,
    diagnostic: /<([a-z0-9.-]+ #[245]\.\d{1,3}\.\d{1,3}[^>\n]*)>/i,
  },
  {
    id: 'gmail-delay',
    recognise: [/\*\* delivery incomplete \*\*|there was a temporary problem delivering your message to/i],
    notice: 'delay',
    section: { end: GMAIL_COPY },
    recipient: /delivering your message to <?([^\s<>@]+@[^\s<>]+?)>?(?=[.,;:]?(?:\s|$))/i,
    diagnostic: GMAIL_ANSWER,
  },
  {
    id: 'gmail',
    recognise: [/\*\* (?:address not found|message not delivered|message blocked) \*\*|your message wasn't delivered to/i],
    notice: 'failure',
    section: { end: GMAIL_COPY },
    recipient: /\b(?:wasn't delivered to|your message to) <?([^\s<>@]+@[^\s<>]+?)>?(?=[.,;:]?(?:\s|$))/i,
    diagnostic: GMAIL_ANSWER,
  },
  {
    id: 'lotus-domino',
    recognise: [/^[ \t]*was not delivered to:[ \t]*$/im, /^[ \t]*because:[ \t]*$/im],
    notice: 'failure',
    section: { start: /was not delivered to:/i, end: /^[ \t]*because:[ \t]*$/im },
    recipient: ADDRESS_LINE,
    diagnostic: /because:[ \t]*\n[ \t\n]*([^\s][^\n]*)/i,
  },
  {
    id: 'courier-delay',
    recognise: [/courier mail server/i, /^[ \t]*delayed mail[ \t]*$/im],
    notice: 'delay',
    recipient: /^<([^<>\s]+)>:[ \t]*$/m,
    diagnostic: /^<<< ([^\n]+)/m,
    remoteMta: /^[ \t]+([a-z0-9.-]+) \[[0-9a-f.:]+\]:/im,
  },
  {
    id: 'courier',
    recognise: [/courier mail server/i, /^[ \t]*undeliverable mail[ \t]*$/im],
    notice: 'failure',
    recipient: /^<([^<>\s]+)>:[ \t]*$/m,
    diagnostic: /^<<< ([^\n]+)/m,
    remoteMta: /^[ \t]+([a-z0-9.-]+) \[[0-9a-f.:]+\]:/im,
  },
];
