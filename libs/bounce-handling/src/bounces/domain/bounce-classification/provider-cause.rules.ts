import { BOUNCE_REASONS, type BounceCategory, type BounceReason, categoryOf } from './bounce-reason';

/**
 * Providers' own words for why a message bounced, as their webhook mappers hand them over
 * (field names as in the payloads). A provider joins by adding its fields here and a table below:
 * SparkPost `bounce_class`, Postmark `Type`, Mailjet `error_related_to`/`error`, Brevo's event
 * names and Resend's `bounce.type`/`subType` are tables, not code.
 */
export type ProviderFields =
  | {
      readonly scheme: 'ses';
      /** `Permanent`, `Transient`, `Undetermined` (SES API v2: upper case). */
      readonly bounceType?: string | null;
      /** `General`, `NoEmail`, `Suppressed`, `OnAccountSuppressionList`, `MailboxFull`, … */
      readonly bounceSubType?: string | null;
    }
  | {
      readonly scheme: 'mailgun';
      /** `permanent` or `temporary`. */
      readonly severity?: string | null;
      /** `bounce`, `suppress-bounce`, `suppress-complaint`, `generic`, `greylisted`, `old`, …; legacy `hardfail`, `maxfails`. */
      readonly reason?: string | null;
      /** Mailgun's own codes: `605` (bounced before), `607` (complained before). */
      readonly code?: string | number | null;
    }
  | {
      readonly scheme: 'sendgrid';
      /** `bounce_classification`: `Invalid Address`, `Mailbox Unavailable`, `Technical Failure`, … */
      readonly classification?: string | null;
      /** A bounce's `type`: `bounce` or `blocked`. */
      readonly type?: string | null;
      /** A `dropped` event's `reason`: `Bounced Address`, `Spam Reporting Address`, `Invalid`, … */
      readonly droppedReason?: string | null;
    }
  | {
      readonly scheme: 'mailjet';
      /** `error`: `user unknown`, `quota exceeded`, `invalid domain`, `sender blocked`, `preblocked`, … */
      readonly error?: string | null;
      /** `error_related_to`: `recipient`, `domain`, `content`, `spam`, `system`, `mailjet`. */
      readonly errorRelatedTo?: string | null;
      /** `hard_bounce` as text: `true` or `false` (a `blocked` event has none). */
      readonly hardBounce?: string | null;
    }
  | {
      readonly scheme: 'sparkpost';
      /** `bounce_class`: SparkPost's bounce classification code (`10`, `22`, `51`, …), sent as a string or a number. */
      readonly bounceClass?: string | number | null;
    };

export type ProviderScheme = ProviderFields['scheme'];
type FieldsOf<S extends ProviderScheme> = Extract<ProviderFields, { scheme: S }>;
type FieldName<S extends ProviderScheme> = Exclude<keyof FieldsOf<S>, 'scheme'>;

/**
 * A cause a provider names. A coarse one (SendGrid's `Invalid Address` covers an unknown user and
 * an unknown domain) lets the receiving server's answer choose among `refineTo`; a fixed one
 * (SES `OnAccountSuppressionList`) is the reason whatever the answer says.
 */
export interface ProviderCause {
  readonly reason: BounceReason;
  readonly refineTo?: readonly BounceReason[];
}

export interface ProviderVocabulary<S extends ProviderScheme> {
  /** Fields that name a cause, the most specific first; values are read trimmed and in lower case. */
  readonly causes: ReadonlyArray<{ readonly field: FieldName<S>; readonly values: Readonly<Record<string, ProviderCause>> }>;
  /** The field holding the provider's own hard/soft word. */
  readonly word?: { readonly field: FieldName<S>; readonly values: Readonly<Record<string, 'hard' | 'soft'>> };
}

const reasonsIn = (...categories: BounceCategory[]): readonly BounceReason[] => BOUNCE_REASONS.filter((reason) => categories.includes(categoryOf(reason)));

const ADDRESS_REASONS = reasonsIn('recipient').filter((reason) => reason !== 'suppressed');
const SENDER_REASONS = reasonsIn('sender');
/** Reasons that do not suppress the address on one report: its mailbox, the way to it, or the sender. */
const SPARING_REASONS = reasonsIn('mailbox', 'transient', 'sender');

const fixed = (reason: BounceReason): ProviderCause => ({ reason });
const coarse = (reason: BounceReason, refineTo: readonly BounceReason[]): ProviderCause => ({ reason, refineTo });

export const PROVIDER_VOCABULARIES: { readonly [S in ProviderScheme]: ProviderVocabulary<S> } = {
  ses: {
    causes: [
      {
        field: 'bounceSubType',
        values: {
          noemail: coarse('user_unknown', ADDRESS_REASONS),
          suppressed: fixed('suppressed'),
          onaccountsuppressionlist: fixed('suppressed'),
          mailboxfull: fixed('mailbox_full'),
          messagetoolarge: fixed('message_too_big'),
          contentrejected: coarse('content_error', SENDER_REASONS),
          attachmentrejected: coarse('content_error', SENDER_REASONS),
          // `General` and `Undetermined` name no cause.
        },
      },
    ],
    word: { field: 'bounceType', values: { permanent: 'hard', transient: 'soft' } },
  },
  mailgun: {
    causes: [
      {
        field: 'reason',
        values: {
          'suppress-bounce': fixed('suppressed'),
          hardfail: fixed('suppressed'),
          'suppress-complaint': fixed('complaint'),
          // Given up on: the last answer may still say the address fails (legacy `dropped`, 5.1.1).
          old: coarse('expired', ADDRESS_REASONS),
          maxfails: coarse('expired', ADDRESS_REASONS),
          greylisted: fixed('policy_violation'),
          // `bounce` and `generic` name no cause; `suppress-unsubscribe` is not a bounce.
        },
      },
      { field: 'code', values: { '605': fixed('suppressed'), '607': fixed('complaint') } },
    ],
    word: { field: 'severity', values: { permanent: 'hard', temporary: 'soft' } },
  },
  sendgrid: {
    causes: [
      {
        field: 'classification',
        values: {
          'invalid address': coarse('user_unknown', ADDRESS_REASONS),
          'mailbox unavailable': coarse('mailbox_full', ['mailbox_full', 'mailbox_disabled']),
          'technical failure': coarse('system_error', [...reasonsIn('transient'), ...SENDER_REASONS]),
          technical: coarse('system_error', [...reasonsIn('transient'), ...SENDER_REASONS]),
          content: coarse('content_error', SENDER_REASONS),
          reputation: coarse('bad_reputation', SENDER_REASONS),
          'frequency or volume too high': coarse('rate_limited', SENDER_REASONS),
          // `Unclassified` and `Unassigned` name no cause.
        },
      },
      {
        field: 'droppedReason',
        values: {
          'bounced address': fixed('suppressed'),
          'spam reporting address': fixed('complaint'),
          invalid: fixed('user_unknown'),
        },
      },
    ],
    // `blocked` is SendGrid's word for a temporary refusal, not a cause: the answer decides.
    word: { field: 'type', values: { bounce: 'hard', blocked: 'soft' } },
  },
  mailjet: {
    causes: [
      {
        field: 'error',
        values: {
          // recipient
          'user unknown': coarse('user_unknown', ADDRESS_REASONS),
          'mailbox inactive': coarse('mailbox_disabled', ADDRESS_REASONS),
          'quota exceeded': fixed('mailbox_full'),
          // Mailjet refused to send: the address complained before (its mapper records a complaint).
          'spam reporter': fixed('complaint'),
          // domain
          'invalid domain': coarse('host_unknown', ADDRESS_REASONS),
          'no mail host': coarse('host_unknown', [...ADDRESS_REASONS, 'network_error', 'expired']),
          typofix: coarse('host_unknown', ADDRESS_REASONS),
          'relay/access denied': coarse('no_relaying', SENDER_REASONS),
          // A greylisting Mailjet gave up on (its mapper ignores the notices before that).
          greylisted: coarse('expired', reasonsIn('transient')),
          timeout: coarse('network_error', reasonsIn('transient')),
          // content (never sent: ours)
          'bad or empty template': fixed('content_error'),
          'error in template language': fixed('content_error'),
          // spam (the receiver refused the sender)
          'sender blocked': coarse('blocked', SENDER_REASONS),
          'content blocked': coarse('spam_detected', SENDER_REASONS),
          'policy issue': coarse('policy_violation', SENDER_REASONS),
          // system
          'system issue': coarse('system_error', reasonsIn('transient')),
          'protocol issue': coarse('system_error', reasonsIn('transient')),
          'connection issue': coarse('network_error', reasonsIn('transient')),
          // mailjet: Mailjet's own refusal to send, never the receiver's word about the address.
          preblocked: fixed('blocked'),
          'spam preblocked': fixed('blocked'),
          // `blacklisted` and `duplicate in campaign` are not bounces: the mapper ignores them.
        },
      },
      {
        // An `error` this table does not know still says whose side failed, except for
        // `recipient` and `domain`, which could be anything from a typo to a full mailbox.
        field: 'errorRelatedTo',
        values: {
          spam: coarse('blocked', SENDER_REASONS),
          content: fixed('content_error'),
          system: coarse('system_error', reasonsIn('transient')),
          mailjet: fixed('blocked'),
        },
      },
    ],
    word: { field: 'hardBounce', values: { true: 'hard', false: 'soft' } },
  },
  sparkpost: {
    // SparkPost's bounce classification codes: Hard (10, 30) names the address; Soft, Block and
    // Admin never do, so the answer may only refine them to reasons that spare the address.
    // 1 (undetermined) names no cause: the answer decides. 60, 80, 90 and 100 are not failures
    // (auto-replies, subscribe and unsubscribe requests, challenges): the mapper ignores them.
    causes: [
      {
        field: 'bounceClass',
        values: {
          '10': coarse('user_unknown', ADDRESS_REASONS),
          '20': coarse('undetermined', SPARING_REASONS),
          '21': coarse('network_error', reasonsIn('transient')),
          '22': fixed('mailbox_full'),
          '23': fixed('message_too_big'),
          '24': coarse('expired', SPARING_REASONS),
          '25': coarse('policy_violation', SENDER_REASONS),
          '26': fixed('policy_violation'),
          '30': coarse('user_unknown', ADDRESS_REASONS),
          '40': coarse('undetermined', SPARING_REASONS),
          '50': coarse('blocked', SENDER_REASONS),
          '51': coarse('bad_reputation', SENDER_REASONS),
          '52': coarse('spam_detected', SENDER_REASONS),
          '53': coarse('content_error', SENDER_REASONS),
          '54': fixed('no_relaying'),
          '70': coarse('system_error', SPARING_REASONS),
        },
      },
    ],
  },
};

export interface ProviderCauseMatch extends ProviderCause {
  /** Which entry answered: `ses.bounceSubType:noemail`. */
  readonly rule: string;
}

/** The cause the provider's fields name, or null when they name none. */
export function providerCauseOf(fields: ProviderFields): ProviderCauseMatch | null {
  const vocabulary = PROVIDER_VOCABULARIES[fields.scheme] as ProviderVocabulary<ProviderScheme>;
  for (const { field, values } of vocabulary.causes) {
    const value = readField(fields, field);
    if (value === null) continue;
    // Own keys only: a value such as `constructor` names nothing.
    const cause = Object.hasOwn(values, value) ? values[value] : undefined;
    if (cause) return { ...cause, rule: `${fields.scheme}.${String(field)}:${value}` };
  }
  return null;
}

/** The provider's own hard/soft word, or null when it said none. */
export function providerWordOf(fields: ProviderFields): 'hard' | 'soft' | null {
  const vocabulary = PROVIDER_VOCABULARIES[fields.scheme] as ProviderVocabulary<ProviderScheme>;
  if (!vocabulary.word) return null;
  const value = readField(fields, vocabulary.word.field);
  return value !== null && Object.hasOwn(vocabulary.word.values, value) ? vocabulary.word.values[value] : null;
}

function readField(fields: ProviderFields, field: PropertyKey): string | null {
  const raw = (fields as unknown as Record<PropertyKey, unknown>)[field];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const value = String(raw).trim().toLowerCase().replace(/\s+/g, ' ');
  return value === '' ? null : value;
}
