import { bounceCause, classifyBounce } from '../../bounces/domain/bounce-classification/bounce-classification.facade';
import { EmailAddress } from '../../shared/domain/email-address';
import { MAX_DIAGNOSTIC_CODE_LENGTH, MAX_REMOTE_MTA_LENGTH, providerText } from '../../shared/domain/provider-text';
import { headerValue } from './mail-message';
import { parseFieldGroups } from './header-fields';
import { type InboundReport, type InboundReportKind, MAX_REPORTS_PER_MESSAGE } from './inbound-report';

/** The parts that carry a delivery status: RFC 3464's, and RFC 6533's for UTF-8 addresses. */
export const DELIVERY_STATUS_TYPES: readonly string[] = ['message/delivery-status', 'message/global-delivery-status'];

/** What one per-recipient group of a DSN says, as written (not yet classified). */
export interface RecipientDeliveryStatus {
  /** `Original-Recipient` (the address as we gave it) when valid, else `Final-Recipient`; null when neither is an address. */
  readonly recipient: EmailAddress | null;
  readonly action: string | null;
  readonly status: string | null;
  readonly diagnosticCode: string | null;
  readonly remoteMta: string | null;
}

/** What a DSN `Action` means for the recipient; `delivered`, `relayed` and `expanded` all say the message went on. */
const ACTION_KINDS: Readonly<Record<string, InboundReportKind>> = {
  failed: 'bounce',
  delayed: 'delayed',
  delivered: 'delivery',
  relayed: 'delivery',
  expanded: 'delivery',
};

/**
 * The per-recipient groups of a delivery status (RFC 3464 §2.3, RFC 6533 §6), in their order,
 * at most `MAX_REPORTS_PER_MESSAGE`. A group is per-recipient when it names a recipient or an
 * action; the per-message group (`Reporting-MTA`, `Arrival-Date`) names neither.
 */
export function readDeliveryStatus(content: string): RecipientDeliveryStatus[] {
  return parseFieldGroups(content, MAX_REPORTS_PER_MESSAGE + 1)
    .filter((group) => group.some((field) => field.name === 'final-recipient' || field.name === 'original-recipient' || field.name === 'action'))
    .slice(0, MAX_REPORTS_PER_MESSAGE)
    .map((group) => {
      const original = headerValue(group, 'original-recipient');
      const final = headerValue(group, 'final-recipient');
      return {
        recipient: (original !== null ? dsnAddress(original) : null) ?? (final !== null ? dsnAddress(final) : null),
        action: headerValue(group, 'action')?.trim().toLowerCase() || null,
        status: headerValue(group, 'status')?.trim() || null,
        diagnosticCode: providerText(headerValue(group, 'diagnostic-code') ?? headerValue(group, 'x-exim-diagnostic'), MAX_DIAGNOSTIC_CODE_LENGTH),
        remoteMta: providerText(typedValue(headerValue(group, 'remote-mta')), MAX_REMOTE_MTA_LENGTH),
      };
    });
}

/**
 * The report a recipient's group makes, for the address it is about. The kind is the `Action`'s;
 * without a known action, the status code's class decides (a DSN that omits it still says 5.x.x).
 * A failed recipient's type and cause are the classifier's; a delayed one's cause too, but no
 * type: the server still tries, nothing is decided.
 */
export function deliveryStatusReport(recipient: RecipientDeliveryStatus, email: EmailAddress): InboundReport | null {
  const kind = (recipient.action !== null ? ACTION_KINDS[recipient.action] : undefined) ?? kindOfStatus(recipient.status);
  if (kind === null) return null;
  const base = { email, diagnosticCode: recipient.diagnosticCode, feedbackType: null };
  if (kind === 'delivery') return { ...base, kind, bounceType: null, cause: null };
  const classification = classifyBounce({ status: recipient.status, diagnostic: recipient.diagnosticCode });
  const cause = bounceCause(classification, recipient.remoteMta);
  if (kind === 'delayed') return { ...base, kind, bounceType: null, cause };
  return { ...base, kind: 'bounce', bounceType: classification.type === 'hard' ? 'hard' : 'soft', cause };
}

function kindOfStatus(status: string | null): InboundReportKind | null {
  const found = status !== null ? /^\s*([245])\./.exec(status) : null;
  if (found === null) return null;
  return found[1] === '5' ? 'bounce' : found[1] === '4' ? 'delayed' : 'delivery';
}

/** The value of a typed field (`dns; mx.example.com`, `rfc822; a@b`) without its type. */
function typedValue(value: string | null): string | null {
  if (value === null) return null;
  const semicolon = value.indexOf(';');
  return semicolon >= 0 && /^\s*[a-z0-9-]+\s*$/i.test(value.slice(0, semicolon)) ? value.slice(semicolon + 1).trim() : value.trim();
}

/**
 * An address of a DSN recipient field: `rfc822; alice@example.com`, `rfc822;<alice@example.com>`,
 * `utf-8; jörg@bücher.example` (RFC 6533), with `\x{HH}` escapes of a `utf-8-addr-xtext` decoded.
 * A UTF-8 domain is read in its ASCII form, as every address is kept. The address is taken as
 * the reporting server wrote it (`EmailAddress.fromProvider`): a DSN reports the address we
 * mailed, which need not pass our own checks.
 */
export function dsnAddress(value: string): EmailAddress | null {
  const text = (typedValue(value) ?? '')
    .replace(/^<|>$/g, '')
    .replace(/\\x\{([0-9a-f]{1,6})\}/gi, (_, hex: string) => {
      const code = parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    })
    .trim();
  // Longer is no address (RFC 5321's limit, with room for escapes), and not worth an IDNA pass.
  if (text.length === 0 || text.length > 1024) return null;
  const address = asciiDomain(text);
  return EmailAddress.tryParse(address) ?? EmailAddress.fromProvider(address);
}

function asciiDomain(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  // eslint-disable-next-line no-control-regex
  if (at < 0 || /^[\x00-\x7f]*$/.test(domain)) return address;
  try {
    // The WHATWG URL parser is the standard's own IDNA (UTS #46) to ASCII, with no I/O.
    return `${address.slice(0, at)}@${new URL(`http://${domain}`).hostname}`;
  } catch {
    return address;
  }
}
