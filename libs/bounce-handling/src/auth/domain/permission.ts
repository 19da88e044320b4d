/** What an API key may do. `subscribers`: bounces, subscribers, suppressions; `campaigns`: campaigns. */
export const PERMISSIONS = ['subscribers', 'campaigns'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
