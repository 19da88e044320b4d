import type { BounceCause } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';

type Reason = BounceCause['reason'];
type Category = BounceCause['category'];

/**
 * What one of Postmark's bounce types (`Type`, or its `TypeCode`) says, Postmark's word being the
 * strongest evidence of why the message bounced (docs/providers.md, "Postmark"):
 * - `bounce`: its hard/soft word, and the cause it names if any. A coarse cause lets the
 *   receiving server's answer (`Details`, read by the classifier) choose a finer reason among
 *   `refineTo`; a cause without `refineTo` is the reason whatever the answer says. No cause: the
 *   classifier reads the answer alone (undetermined when it says nothing).
 * - `complaint`: the recipient asked not to get our mail.
 * - `ignored`: not a failure to deliver (an auto-reply, a challenge, an inbound matter).
 */
export type PostmarkBounceType =
  | {
      readonly kind: 'bounce';
      readonly word: 'hard' | 'soft' | null;
      readonly cause?: { readonly reason: Reason; readonly category: Category; readonly refineTo?: readonly Reason[] };
    }
  | { readonly kind: 'complaint' }
  | { readonly kind: 'ignored' };

const RECIPIENT: readonly Reason[] = ['user_unknown', 'host_unknown', 'not_accept', 'has_moved', 'mailbox_disabled'];
const SENDER: readonly Reason[] = [
  'blocked',
  'bad_reputation',
  'spam_detected',
  'policy_violation',
  'auth_failure',
  'rate_limited',
  'content_error',
  'virus_detected',
  'message_too_big',
  'no_relaying',
];
const TRANSIENT: readonly Reason[] = ['expired', 'network_error', 'system_error'];

const address = (reason: Reason): PostmarkBounceType => ({ kind: 'bounce', word: 'hard', cause: { reason, category: 'recipient', refineTo: RECIPIENT } });
const sender = (reason: Reason): PostmarkBounceType => ({ kind: 'bounce', word: 'soft', cause: { reason, category: 'sender', refineTo: SENDER } });
const IGNORED: PostmarkBounceType = { kind: 'ignored' };

/**
 * Postmark's bounce types by name (lower case) and code. Postmark files some records that are
 * no bounce under a bounce type; those are ignored. A type not listed is a bounce whose cause
 * the server's answer decides.
 */
export const POSTMARK_BOUNCE_TYPES: ReadonlyArray<{ readonly type: string; readonly code: number; readonly means: PostmarkBounceType }> = [
  { type: 'hardbounce', code: 1, means: address('user_unknown') },
  { type: 'transient', code: 2, means: { kind: 'bounce', word: 'soft' } },
  // The recipient mailed "unsubscribe" or "remove me": their wish, honoured as a complaint.
  { type: 'unsubscribe', code: 16, means: { kind: 'complaint' } },
  { type: 'subscribe', code: 32, means: IGNORED },
  { type: 'autoresponder', code: 64, means: IGNORED },
  // "I have moved to …": the old address may well still take mail.
  { type: 'addresschange', code: 128, means: IGNORED },
  { type: 'dnserror', code: 256, means: { kind: 'bounce', word: 'soft', cause: { reason: 'network_error', category: 'transient', refineTo: TRANSIENT } } },
  { type: 'spamnotification', code: 512, means: sender('spam_detected') },
  { type: 'openrelaytest', code: 1024, means: IGNORED },
  { type: 'unknown', code: 2048, means: { kind: 'bounce', word: null } },
  { type: 'softbounce', code: 4096, means: { kind: 'bounce', word: 'soft' } },
  { type: 'virusnotification', code: 8192, means: sender('virus_detected') },
  { type: 'challengeverification', code: 16384, means: IGNORED },
  { type: 'bademailaddress', code: 100000, means: address('user_unknown') },
  { type: 'spamcomplaint', code: 100001, means: { kind: 'complaint' } },
  // Deactivated by hand in Postmark: the address is not to be mailed, whatever the answer said.
  { type: 'manuallydeactivated', code: 100002, means: { kind: 'bounce', word: 'hard', cause: { reason: 'suppressed', category: 'recipient' } } },
  { type: 'unconfirmed', code: 100003, means: { kind: 'bounce', word: null } },
  { type: 'blocked', code: 100006, means: sender('blocked') },
  // Postmark refused our own submission or template: nothing about the address.
  { type: 'smtpapierror', code: 100007, means: sender('content_error') },
  { type: 'inbounderror', code: 100008, means: IGNORED },
  { type: 'dmarcpolicy', code: 100009, means: sender('auth_failure') },
  { type: 'templaterenderingfailed', code: 100010, means: sender('content_error') },
  // Not a type of Postmark's list, but a name some of its records carry: nothing decided.
  { type: 'undeliverable', code: -1, means: { kind: 'bounce', word: null } },
];

const BY_TYPE = new Map(POSTMARK_BOUNCE_TYPES.map((entry) => [entry.type, entry.means]));
const BY_CODE = new Map(POSTMARK_BOUNCE_TYPES.filter(({ code }) => code > 0).map((entry) => [entry.code, entry.means]));

/** What a record's `Type` (first) or `TypeCode` says; a bounce of no named cause when neither is known. */
export function postmarkBounceTypeOf(type: unknown, typeCode: unknown): PostmarkBounceType {
  const name = typeof type === 'string' ? type.trim().toLowerCase() : '';
  const byName = name === '' ? undefined : BY_TYPE.get(name);
  if (byName) return byName;
  const code = typeof typeCode === 'number' ? typeCode : typeof typeCode === 'string' && /^\d+$/.test(typeCode.trim()) ? Number(typeCode) : NaN;
  return BY_CODE.get(code) ?? { kind: 'bounce', word: null };
}
