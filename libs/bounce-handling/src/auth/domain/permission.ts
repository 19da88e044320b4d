/**
 * What an API key may do. `subscribers`: bounces, subscribers, suppressions; `campaigns`:
 * campaigns; `inbound`: posting raw bounce mail (a mail server's pipe needs no other right).
 */
export const PERMISSIONS = ['subscribers', 'campaigns', 'inbound'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
