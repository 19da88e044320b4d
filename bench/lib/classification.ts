import { type BounceEvidence, classifyBounce } from '../../libs/bounce-handling/src/bounces/domain/bounce-classification/bounce-classifier';

/** Classifications per second of `classifyBounce` alone, on one core, over `CLASSIFICATION_MIX`. */
export const CLASSIFICATION_TARGET_PER_SEC = 20_000;

/**
 * SendGrid bounces as the batch scenario sends them (`bench/lib/scenarios.ts`): the receiving
 * servers' real wordings, weighted as a newsletter's bounces come: unknown users most, then full
 * mailboxes, then refusals of the sender (block lists, reputation, DMARC).
 */
export const SENDGRID_BOUNCE_MIX: ReadonlyArray<{
  readonly weight: number;
  readonly type: 'bounce' | 'blocked';
  readonly status: string;
  readonly reason: string;
  readonly bounce_classification: string;
}> = [
  {
    weight: 30,
    type: 'bounce',
    status: '5.1.1',
    reason:
      "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    bounce_classification: 'Invalid Address',
  },
  {
    weight: 10,
    type: 'bounce',
    status: '5.5.0',
    reason: '550 5.5.0 Requested action not taken: mailbox unavailable. [BN8NAM11FT054.eop-nam11.prod.protection.outlook.com]',
    bounce_classification: 'Invalid Address',
  },
  {
    weight: 10,
    type: 'bounce',
    status: '5.1.1',
    reason: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
    bounce_classification: 'Invalid Address',
  },
  {
    weight: 15,
    type: 'blocked',
    status: '4.2.2',
    reason:
      '452-4.2.2 The email account that you tried to reach is over quota. Please direct 452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp',
    bounce_classification: 'Mailbox Unavailable',
  },
  {
    weight: 10,
    type: 'bounce',
    status: '5.2.2',
    reason: '552 5.2.2 <someone@example.com>: Mailbox full',
    bounce_classification: 'Mailbox Unavailable',
  },
  {
    weight: 8,
    type: 'blocked',
    status: '5.7.1',
    reason: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
    bounce_classification: 'Reputation',
  },
  {
    weight: 5,
    type: 'bounce',
    status: '5.7.1',
    reason:
      "550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
    bounce_classification: 'Reputation',
  },
  {
    weight: 4,
    type: 'bounce',
    status: '5.7.26',
    reason: "550-5.7.26 Unauthenticated email from sender.example is not accepted due to 550-5.7.26 domain's DMARC policy. - gsmtp",
    bounce_classification: 'Content',
  },
  {
    weight: 3,
    type: 'blocked',
    status: '4.7.0',
    reason: '421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume or user complaints',
    bounce_classification: 'Reputation',
  },
];

const SENDGRID_WEIGHT = SENDGRID_BOUNCE_MIX.reduce((sum, entry) => sum + entry.weight, 0);

/** The entry of `SENDGRID_BOUNCE_MIX` a roll in [0, 1) picks, by weight. */
export function sendGridBounceFor(roll: number): (typeof SENDGRID_BOUNCE_MIX)[number] {
  let left = roll * SENDGRID_WEIGHT;
  for (const entry of SENDGRID_BOUNCE_MIX) {
    left -= entry.weight;
    if (left < 0) return entry;
  }
  return SENDGRID_BOUNCE_MIX[SENDGRID_BOUNCE_MIX.length - 1];
}

/**
 * The micro-measure's mix: the SendGrid bounces above as the mapper hands them over, weighted,
 * and SES and Mailgun reports of the same kinds (their mappers call the classifier alike).
 */
export const CLASSIFICATION_MIX: readonly BounceEvidence[] = [
  ...SENDGRID_BOUNCE_MIX.flatMap((entry) =>
    Array.from({ length: entry.weight }, () => ({
      provider: { scheme: 'sendgrid' as const, classification: entry.bounce_classification, type: entry.type },
      status: entry.status,
      diagnostic: entry.reason,
      providerType: entry.type === 'bounce' ? ('hard' as const) : ('soft' as const),
    })),
  ),
  ...Array.from({ length: 20 }, () => ({
    provider: { scheme: 'ses' as const, bounceType: 'Permanent', bounceSubType: 'General' },
    status: '5.1.1',
    diagnostic: 'smtp; 550 5.1.1 <someone@example.com>... User unknown',
    providerType: 'hard' as const,
  })),
  ...Array.from({ length: 5 }, () => ({
    provider: { scheme: 'ses' as const, bounceType: 'Permanent', bounceSubType: 'General' },
    status: '5.7.1',
    diagnostic: 'smtp; 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using bl.spamcop.net',
    providerType: 'hard' as const,
  })),
  ...Array.from({ length: 10 }, () => ({
    provider: { scheme: 'ses' as const, bounceType: 'Transient', bounceSubType: 'MailboxFull' },
    status: '5.2.2',
    diagnostic: 'smtp; 552 5.2.2 mailbox full',
    providerType: 'soft' as const,
  })),
  ...Array.from({ length: 15 }, () => ({
    provider: { scheme: 'mailgun' as const, severity: 'permanent', reason: 'bounce' },
    replyCode: 550,
    diagnostic: "5.1.1 The email account that you tried to reach does not exist. Please try 5.1.1 double-checking the recipient's email address for typos",
    providerType: 'hard' as const,
  })),
  ...Array.from({ length: 5 }, () => ({
    provider: { scheme: 'mailgun' as const, severity: 'permanent', reason: 'bounce' },
    replyCode: 550,
    diagnostic: "5.7.26 Unauthenticated email from sender.example is not accepted due to domain's DMARC policy.",
    providerType: 'hard' as const,
  })),
  ...Array.from({ length: 5 }, () => ({
    provider: { scheme: 'mailgun' as const, severity: 'temporary', reason: 'generic' },
    replyCode: 421,
    diagnostic: '4.7.0 [198.51.100.7] Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
    providerType: 'soft' as const,
  })),
];

export interface ClassificationMeasure {
  readonly classifications: number;
  /** Wall-clock seconds of the measure. */
  readonly seconds: number;
  /** CPU seconds this process spent meanwhile (other work on the machine does not count). */
  readonly cpuSeconds: number;
  /** Classifications per CPU second: the rate of one core, the figure the target is stated in. */
  readonly perSec: number;
  /** Microseconds of CPU per classification. */
  readonly microsEach: number;
  /** How many of the mix are refusals of the sender (a check that the mix is read as meant). */
  readonly senderShare: number;
}

/** `classifyBounce` over the mix for `seconds` (after a short warm-up), on this thread alone. */
export function measureClassification(seconds: number): ClassificationMeasure {
  const mix = CLASSIFICATION_MIX;
  let sink = 0;
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  for (let i = 0; performance.now() < warmUntil; i += 1) sink += classifyBounce(mix[i % mix.length]).reason.length;

  let classifications = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (const evidence of mix) sink += classifyBounce(evidence).reason.length;
    classifications += mix.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  const elapsed = (performance.now() - start) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (sink === 0) throw new Error('unreachable: every reason has a name');
  const senderShare = mix.filter((evidence) => classifyBounce(evidence).category === 'sender').length / mix.length;
  return {
    classifications,
    seconds: elapsed,
    cpuSeconds,
    perSec: classifications / cpuSeconds,
    microsEach: (cpuSeconds * 1e6) / classifications,
    senderShare,
  };
}
