import { EmailAddress } from '../../shared/domain/email-address';
import { MAX_DIAGNOSTIC_CODE_LENGTH, MAX_REMOTE_MTA_LENGTH, providerText } from '../../shared/domain/provider-text';
import { parseHeaderBlock } from './header-fields';
import { MAX_REPORTS_PER_MESSAGE } from './inbound-report';
import type { MailHeader } from './mail-message';
import { TEXT_BOUNCE_RULES, type TextBounceRule } from './text-bounce.rules';

/** Most characters of a message's text read: a server's notice is at its start, a hostile text may be megabytes. */
export const MAX_TEXT_SCANNED = 64 * 1024;

/** Longest address read: a longer one cannot be valid (254), whatever punctuation follows it. */
const MAX_ADDRESS_READ = 300;

/** Longest stretch of text after a recipient read as its diagnostic, when the rule gives no closer one. */
const MAX_STRETCH_DIAGNOSTIC = 1000;

/** One recipient of a server's notice. */
export interface TextBounceRecipient {
  /** Null when what the notice names is no valid address (a VERP address may still name it). */
  readonly email: EmailAddress | null;
  readonly diagnostic: string | null;
  readonly remoteMta: string | null;
}

/** What a server's non-standard notice says. */
export interface TextBounce {
  /** The rule that read it (`qmail`, `exim`, `exchange`, …). */
  readonly rule: string;
  readonly notice: 'failure' | 'delay';
  /** The server said the failure is permanent. */
  readonly permanent: boolean;
  /** Its recipients in their order, each once; empty when it names none that a rule could read. */
  readonly recipients: readonly TextBounceRecipient[];
  /** The server's answer found anywhere in the notice, for a recipient known only by its VERP address. */
  readonly diagnostic: string | null;
  /** The header fields of the returned message, when the notice carries its copy inline. */
  readonly returnedHeaders: readonly MailHeader[];
}

interface CompiledRule {
  readonly rule: TextBounceRule;
  readonly recipients: RegExp;
}

// The recipient patterns, made global once.
const COMPILED: readonly CompiledRule[] = TEXT_BOUNCE_RULES.map((rule) => ({
  rule,
  recipients: new RegExp(rule.recipient.source, rule.recipient.flags.includes('g') ? rule.recipient.flags : `${rule.recipient.flags}g`),
}));

/**
 * A server's non-standard notice of failure or delay, read from a message's text by the first
 * rule of `TEXT_BOUNCE_RULES` that recognises it and finds a recipient (or, when none finds one,
 * the first that recognises it); null when no rule recognises the text.
 */
export function readTextBounce(fullText: string): TextBounce | null {
  const text = fullText.slice(0, MAX_TEXT_SCANNED).replace(/\r\n?/g, '\n');
  let recognisedWithoutRecipients: TextBounce | null = null;
  for (const compiled of COMPILED) {
    if (!compiled.rule.recognise.every((pattern) => pattern.test(text))) continue;
    const reading = readWith(compiled, text);
    if (reading.recipients.length > 0) return reading;
    recognisedWithoutRecipients ??= reading;
  }
  return recognisedWithoutRecipients;
}

function readWith({ rule, recipients: pattern }: CompiledRule, text: string): TextBounce {
  const copyAt = rule.returnedMessage ? rule.returnedMessage.exec(text) : null;
  const notice = copyAt ? text.slice(0, copyAt.index) : text;
  const section = sectionOf(notice, rule);

  const matches: { address: string; index: number; end: number }[] = [];
  for (const found of section.matchAll(pattern)) {
    if (matches.length >= MAX_REPORTS_PER_MESSAGE) break;
    const address = firstCapture(found);
    if (address !== null) matches.push({ address, index: found.index, end: found.index + found[0].length });
  }

  const seen = new Set<string>();
  const recipients: TextBounceRecipient[] = [];
  matches.forEach((match, n) => {
    // Sentence punctuation after an address is not part of it; an address is short, so strip without a pattern.
    const email = match.address.length <= MAX_ADDRESS_READ ? EmailAddress.tryParse(withoutTrailingPunctuation(match.address)) : null;
    const key = email?.value ?? match.address;
    if (seen.has(key)) return;
    seen.add(key);
    const stretch = section.slice(match.index, matches[n + 1]?.index ?? section.length);
    const after = section.slice(match.end, matches[n + 1]?.index ?? section.length);
    recipients.push({
      email,
      // The notice's answer is a recipient's only when it names one (Domino writes it after the list).
      diagnostic: diagnosticIn(stretch, rule) ?? (matches.length === 1 ? diagnosticIn(notice, rule) : null) ?? oneLine(after.slice(0, MAX_STRETCH_DIAGNOSTIC)),
      remoteMta: rule.remoteMta ? providerText(firstCapture(rule.remoteMta.exec(stretch)), MAX_REMOTE_MTA_LENGTH) : null,
    });
  });

  return {
    rule: rule.id,
    notice: rule.notice,
    permanent: rule.saysPermanent?.test(notice) ?? false,
    recipients,
    diagnostic: diagnosticIn(notice, rule),
    returnedHeaders: copyAt ? parseHeaderBlock(text.slice(copyAt.index + copyAt[0].length).replace(/^\s+/, '')) : [],
  };
}

function sectionOf(text: string, rule: TextBounceRule): string {
  let section = text;
  const start = rule.section?.start?.exec(section);
  if (start) section = section.slice(start.index + start[0].length);
  const end = rule.section?.end?.exec(section);
  if (end) section = section.slice(0, end.index);
  return section;
}

function diagnosticIn(text: string, rule: TextBounceRule): string | null {
  if (!rule.diagnostic) return null;
  return oneLine(firstCapture(rule.diagnostic.exec(text)));
}

function firstCapture(found: RegExpExecArray | RegExpMatchArray | null): string | null {
  if (found === null) return null;
  for (let group = 1; group < found.length; group += 1) if (found[group] !== undefined) return found[group];
  return found[0];
}

/** A diagnostic as one line: servers wrap theirs, the classifier and the reader want it whole. */
function oneLine(text: string | null): string | null {
  return providerText(text?.replace(/\s+/g, ' '), MAX_DIAGNOSTIC_CODE_LENGTH);
}

function withoutTrailingPunctuation(address: string): string {
  let end = address.length;
  while (end > 0 && '.,;:'.includes(address[end - 1])) end -= 1;
  return address.slice(0, end);
}
