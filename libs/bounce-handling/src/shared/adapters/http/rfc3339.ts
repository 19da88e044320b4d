/** RFC 3339 in UTC to the second, as the spec shows it: `2026-01-10T12:00:00Z`. */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toRfc3339OrNull(date: Date | null): string | null {
  return date === null ? null : toRfc3339(date);
}
