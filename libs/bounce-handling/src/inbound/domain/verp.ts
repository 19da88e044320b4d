import { EmailAddress } from '../../shared/domain/email-address';
import { addressesIn, headerValues } from './header-fields';
import type { MailHeader } from './mail-message';

/**
 * Where a VERP return path shows in a received bounce, most telling first: the address the
 * bounce was delivered to (set by the receiving MTA from the envelope), then what the
 * envelope said, then the `To` a bouncing server wrote (normally the return path).
 */
export const VERP_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'to'] as const;

/**
 * The recipient a VERP address encodes: with the prefix `bounces`,
 * `bounces+alice=example.com@mail.example.net` is `alice@example.com`. Strict: the local part
 * must be the prefix, `+`, a local part, `=` and a domain (the last `=` divides them), and the
 * result must be a valid address; anything else is null.
 */
export function decodeVerpAddress(address: string, prefix: string): EmailAddress | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || prefix.length === 0) return null;
  const local = address.slice(0, at);
  const head = `${prefix}+`;
  if (local.length <= head.length || local.slice(0, head.length).toLowerCase() !== head.toLowerCase()) return null;
  const encoded = local.slice(head.length);
  const equals = encoded.lastIndexOf('=');
  if (equals <= 0 || equals === encoded.length - 1) return null;
  return EmailAddress.tryParse(`${encoded.slice(0, equals)}@${encoded.slice(equals + 1)}`);
}

/**
 * The recipient that the first VERP address of the received message's envelope headers
 * encodes (in the order of `VERP_HEADERS`, each field of a name in its order), then of the
 * returned message's `Return-Path`; null when none decodes.
 */
export function verpRecipient(headers: readonly MailHeader[], returnedHeaders: readonly MailHeader[], prefix: string): EmailAddress | null {
  const candidates = [...VERP_HEADERS.flatMap((name) => headerValues(headers, name)), ...headerValues(returnedHeaders, 'return-path')];
  for (const value of candidates) {
    for (const address of addressesIn(value)) {
      const recipient = decodeVerpAddress(address, prefix);
      if (recipient !== null) return recipient;
    }
  }
  return null;
}
