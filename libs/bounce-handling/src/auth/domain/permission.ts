/**
 * What an API key may do. `subscribers`: bounces, subscribers, suppressions; `campaigns`:
 * campaigns; `inbound`: posting raw bounce mail (a mail server's pipe needs no other right);
 * `webhooks`: registering and deleting the endpoints outbound events are sent to.
 */
export const PERMISSIONS = ['subscribers', 'campaigns', 'inbound', 'webhooks'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
