/** PostgreSQL's text and jsonb refuse the NUL character: it becomes U+FFFD before it is sent. */
export function pgText<T extends string | null>(value: T): T {
  return (typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '\ufffd') : value) as T;
}
