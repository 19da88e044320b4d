/** Integers JavaScript numbers hold exactly: up to 2^53 - 1, sixteen digits at most. */
const MAX_SAFE_DIGITS = 16;

/**
 * Mailjet's JSON read with its big integers kept exact: a `MessageID` such as
 * 19421777835146490 is over 2^53, and `JSON.parse` would round it to another message's id.
 * Every integer literal outside a string that a number cannot hold exactly becomes a string
 * of its digits; everything else is parsed as `JSON.parse` parses it (and refused as it refuses).
 */
export function parseMailjetJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      index = endOfString(text, index);
    } else if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
      const start = index;
      index += 1;
      while (index < text.length && /[0-9.eE+-]/.test(text[index])) index += 1;
      const token = text.slice(start, index);
      if (/^-?\d+$/.test(token) && token.replace('-', '').length >= MAX_SAFE_DIGITS && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copiedUpTo, start)}"${token}"`;
        copiedUpTo = index;
      }
    } else {
      index += 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** The index after the string that starts at `start` (or the end of the text, if it never closes). */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  return index;
}
