/**
 * Where outbound events may be sent. A URL is accepted when it is `https`, has no credentials, is
 * at most `MAX_ENDPOINT_URL_LENGTH` characters, and every address its host resolves to is public:
 * no loopback, private (RFC 1918), link-local, CGNAT (100.64/10), multicast, unspecified,
 * reserved or documentation range, IPv6 unique-local, nor an IPv4 address of those kinds inside
 * an IPv6 one (IPv4-mapped, NAT64). `allowInsecure` (development, tests) permits `http` and
 * non-public addresses; the other rules stay. Pure: resolving the host is the caller's
 * (`EndpointHostResolver`), at registration and again before each send.
 */
export const MAX_ENDPOINT_URL_LENGTH = 2048;

export interface EndpointUrlRules {
  readonly allowInsecure: boolean;
}

export type EndpointUrlProblem = 'too-long' | 'not-a-url' | 'not-https' | 'credentials' | 'not-public' | 'unresolvable';

export type EndpointUrlCheck =
  | {
      readonly ok: true;
      /** The URL as WHATWG URL parsing normalises it (`https://2130706433` is `https://127.0.0.1/`). */
      readonly url: string;
      /** The host to resolve, without brackets; an IP address when the URL names one. */
      readonly host: string;
      /** The host when it is an IP address (checked already), null when it is a name to resolve. */
      readonly address: string | null;
    }
  | { readonly ok: false; readonly problem: EndpointUrlProblem; readonly message: string };

/** The rules that need no resolution: syntax, scheme, credentials, length, and the host when it is an IP address. */
export function checkEndpointUrl(raw: string, rules: EndpointUrlRules): EndpointUrlCheck {
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) return refuse('too-long', `url must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not-a-url', 'url must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(rules.allowInsecure && url.protocol === 'http:')) {
    return refuse('not-https', rules.allowInsecure ? 'url must be an http or https URL' : 'url must be an https URL');
  }
  if (url.username !== '' || url.password !== '') return refuse('credentials', 'url must not contain credentials');
  if (url.hostname === '') return refuse('not-a-url', 'url must name a host');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const address = ipVersion(host) === 0 ? null : host;
  if (address !== null && !rules.allowInsecure && !isPublicAddress(address)) {
    return refuse('not-public', `url must point to a public address (${address} is not)`);
  }
  if (url.href.length > MAX_ENDPOINT_URL_LENGTH) return refuse('too-long', `url must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`);
  return { ok: true, url: url.href, host, address };
}

/** The rule on what the host resolved to: at least one address, and all of them public (unless insecure is allowed). */
export function checkResolvedAddresses(
  host: string,
  addresses: readonly string[],
  rules: EndpointUrlRules,
): { readonly ok: true } | { readonly ok: false; readonly problem: EndpointUrlProblem; readonly message: string } {
  if (addresses.length === 0) return refuse('unresolvable', `url's host ${host} does not resolve`);
  if (rules.allowInsecure) return { ok: true };
  const hidden = addresses.find((address) => !isPublicAddress(address));
  if (hidden !== undefined) return refuse('not-public', `url must point to public addresses (${host} resolves to ${hidden})`);
  return { ok: true };
}

function refuse(problem: EndpointUrlProblem, message: string): { readonly ok: false; readonly problem: EndpointUrlProblem; readonly message: string } {
  return { ok: false, problem, message };
}

/** 4, 6, or 0 when `value` is not an IP address in the textual forms a resolver or WHATWG URL answers. */
export function ipVersion(value: string): 0 | 4 | 6 {
  if (parseIpv4(value) !== null) return 4;
  if (parseIpv6(value) !== null) return 6;
  return 0;
}

/** Whether an IP address (textual) is one the public Internet routes to a host: false for anything else, and for what is not an address. */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== null) return isPublicIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6 === null) return false;
  const embedded = embeddedIpv4(v6);
  if (embedded !== null) return isPublicIpv4(embedded);
  // Global unicast is 2000::/3; everything else (loopback, unspecified, unique-local fc00::/7,
  // link-local fe80::/10, site-local, multicast ff00::/8, IPv4-compatible ::/96) is not public.
  if (v6[0] < 0x2000 || v6[0] > 0x3fff) return false;
  if (v6[0] === 0x2001 && v6[1] === 0x0db8) return false; // documentation
  if (v6[0] === 0x2001 && v6[1] < 0x0200) return false; // IETF protocol assignments (Teredo, ORCHID, benchmarking…)
  if (v6[0] === 0x2002) return isPublicIpv4(((v6[1] << 16) | v6[2]) >>> 0); // 6to4 names its IPv4 host
  return true;
}

/** [first address, prefix length] of the IPv4 ranges that are not public hosts. */
const NON_PUBLIC_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const NON_PUBLIC_IPV4_RANGES = NON_PUBLIC_IPV4.map(([first, bits]) => {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { network: (parseIpv4(first)! & mask) >>> 0, mask };
});

function isPublicIpv4(value: number): boolean {
  return !NON_PUBLIC_IPV4_RANGES.some(({ network, mask }) => (value & mask) >>> 0 === network);
}

/** Dotted-decimal IPv4 (four decimal parts, no leading zeros) as an unsigned 32-bit number; null otherwise. */
function parseIpv4(value: string): number | null {
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  let result = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    result = result * 256 + n;
  }
  return result;
}

/** IPv6 (with `::`, an IPv4 tail, and no zone) as eight 16-bit groups; null otherwise. */
function parseIpv6(value: string): number[] | null {
  if (!value.includes(':') || value.includes('%')) return null;
  let text = value.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = hexGroups(halves[0]);
  if (head === null) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const rest = hexGroups(halves[1]);
  if (rest === null || head.length + rest.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

function hexGroups(part: string): number[] | null {
  if (part === '') return [];
  const result: number[] = [];
  for (const group of part.split(':')) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return null;
    result.push(parseInt(group, 16));
  }
  return result;
}

/** The IPv4 address an IPv6 one stands for: IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96). */
function embeddedIpv4(groups: readonly number[]): number | null {
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  return mapped || nat64 ? ((groups[6] << 16) | groups[7]) >>> 0 : null;
}
