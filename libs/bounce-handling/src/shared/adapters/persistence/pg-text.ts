/** UTF-16 halves without their other half: not text, and PostgreSQL refuses them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * In JSON text: the escapes jsonb refuses (NUL, and the lone surrogates that JSON.stringify
 * writes as escapes), when their backslash is not itself escaped.
 */
const REFUSED_JSON_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;

/** PostgreSQL's text refuses NUL and lone surrogates: each becomes U+FFFD before it is sent. */
export function pgText<T extends string | null>(value: T): T {
  if (typeof value !== 'string') return value;
  // eslint-disable-next-line no-control-regex -- NUL and control characters are looked for on purpose
  return value.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATE, '\ufffd') as T;
}

/** JSON text that PostgreSQL's jsonb accepts: what it refuses becomes U+FFFD. */
export function pgJson(value: unknown): string {
  return storableJsonText(JSON.stringify(value) ?? 'null');
}

export function storableJsonText(json: string): string {
  // JSON.stringify writes `\u` escapes only for control characters and lone surrogates: most
  // texts have none, and a search for them is far cheaper than the expression.
  return json.includes('\\u') ? json.replace(REFUSED_JSON_ESCAPE, '$1\\ufffd') : json;
}
