import type { MailHeader } from './mail-message';

/**
 * Longest stretch of a report part read as fields. A DSN of a thousand recipients takes some
 * 300 KB; anything longer is cut rather than read, so hostile input costs a bounded pass.
 */
export const MAX_FIELD_TEXT_LENGTH = 1024 * 1024;

// A field name is printable ASCII but the colon (RFC 5322 §2.2); `X-Postfix-Queue-ID`, `Reporting-MTA`.
const FIELD_NAME = /^[!-9;-~]+$/;

/**
 * The header fields at the start of a text (a returned message's headers), up to the first
 * blank line, unfolded and named in lower case. Lines that are no field are skipped.
 */
export function parseHeaderBlock(text: string): MailHeader[] {
  return parseFieldGroups(text, 1)[0] ?? [];
}

/**
 * RFC 3464 field groups: blocks of fields separated by blank lines (the per-message fields,
 * then one block per recipient), each unfolded (a line starting with white space continues the
 * field before it) and named in lower case. Reads at most `maxGroups` groups.
 */
export function parseFieldGroups(text: string, maxGroups: number): MailHeader[][] {
  const groups: MailHeader[][] = [];
  let group: { name: string; value: string }[] = [];
  const close = (): void => {
    if (group.length > 0) groups.push(group.map((field) => ({ name: field.name, value: field.value.replace(/\s+/g, ' ').trim() })));
    group = [];
  };
  const lines = text.slice(0, MAX_FIELD_TEXT_LENGTH).split(/\r?\n/);
  for (const line of lines) {
    if (groups.length >= maxGroups) break;
    if (line.trim() === '') {
      close();
      if (maxGroups === 1 && groups.length === 1) break;
      continue;
    }
    if (/^[ \t]/.test(line)) {
      const last = group[group.length - 1];
      if (last) last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (name.length > 0 && FIELD_NAME.test(name)) group.push({ name: name.toLowerCase(), value: line.slice(colon + 1) });
  }
  if (groups.length < maxGroups) close();
  return groups;
}

/** Every value of the fields of that name (lower case), in their order. */
export function headerValues(headers: readonly MailHeader[], name: string): string[] {
  const values: string[] = [];
  for (const header of headers) if (header.name === name) values.push(header.value);
  return values;
}

/** A `Message-ID` without its angle brackets and white space; null when empty. */
export function messageIdOf(value: string | null): string | null {
  if (value === null) return null;
  // RFC 5322 lines are at most 998 characters: a longer id is none.
  const text = value.trim();
  if (text.length > 1000) return null;
  const close = text.indexOf('>');
  const id = (text.startsWith('<') ? text.slice(1, close >= 0 ? close : undefined) : text).trim();
  return id.length > 0 ? id : null;
}

/**
 * The addresses of a header value (`Alice <alice@example.com>, bob@example.com`): the ones in
 * angle brackets, else the words with an `@`. Not a full RFC 5322 reader: enough for the
 * `To`, `From` and `Delivered-To` of a report, whose addresses are then checked.
 */
export function addressesIn(value: string): string[] {
  const bracketed = [...value.slice(0, 4096).matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((found) => found[1]);
  if (bracketed.length > 0) return bracketed;
  return value
    .slice(0, 4096)
    .split(/[\s,;]+/)
    .map((word) => word.replace(/^["'(<]+|["')>.:]+$/g, ''))
    .filter((word) => word.includes('@'));
}
