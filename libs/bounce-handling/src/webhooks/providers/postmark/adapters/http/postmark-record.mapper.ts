import { createHash } from 'node:crypto';
import type { BounceEvent, DeliveryEvent } from '../../../../../bounces/application/bounces.facade';
import { bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH, providerText } from '../../../../../shared/domain/provider-text';
import type { WebhookMapping } from '../../../../application/webhook-mapping';
import { type PostmarkBounceType, postmarkBounceTypeOf } from './postmark-bounce-types';
import type { PostmarkRecord } from './postmark-record.parser';

/**
 * Why a Postmark record became no `DeliveryEvent`. It is still answered 200: Postmark retries
 * any other answer, and the record is authentic.
 */
export type PostmarkIgnoreReason =
  /** A record type that says nothing about the mailbox (`Open`, `Click`, one we do not know). */
  | 'not-a-delivery-outcome'
  /** A `Bounce` record whose type is no failure to deliver (`AutoResponder`, `ChallengeVerification`, …). */
  | 'not-a-bounce'
  /**
   * A `SubscriptionChange`: a suppression or reactivation made in Postmark (by its own bounce
   * handling, the recipient, or someone in its dashboard). Postmark's list is not ours: what
   * caused it reaches us as its own record (`Bounce`, `SpamComplaint`) and is applied from that.
   */
  | 'subscription-change-made-in-postmark'
  /** A bounce, complaint or delivery whose address cannot be an address at all. */
  | 'no-usable-address';

/**
 * One Postmark webhook record (docs/providers.md, "Postmark") in provider-neutral terms:
 * - `Bounce`: classified from its `Type`/`TypeCode` (the strongest evidence) and the server's
 *   answer in `Details` (`postmark-bounce-types.ts`); a type that is no bounce is ignored, a
 *   mailed unsubscribe request is a complaint;
 * - `SpamComplaint` → a complaint; `Delivery` → a delivery report (ends a run of soft bounces);
 * - `SubscriptionChange` → ignored (see its reason); anything else → ignored.
 *
 * `Inactive` (Postmark deactivated the address) decides nothing: it is Postmark's suppression,
 * which follows from the type (hard bounces, complaints) that decides ours.
 */
export function mapPostmarkRecord(raw: PostmarkRecord): WebhookMapping<PostmarkIgnoreReason> {
  const recordType = typeof raw.RecordType === 'string' ? raw.RecordType.trim() : '';
  const ignored = (reason: PostmarkIgnoreReason, detail: string = recordType): WebhookMapping<PostmarkIgnoreReason> => ({
    events: [],
    received: 1,
    ignored: [{ reason, detail: detail.slice(0, 200) }],
  });
  const one = (event: DeliveryEvent): WebhookMapping<PostmarkIgnoreReason> => ({ events: [event], received: 1, ignored: [] });

  switch (recordType.toLowerCase()) {
    case 'bounce':
    case 'spamcomplaint': {
      const means: PostmarkBounceType = recordType.toLowerCase() === 'spamcomplaint' ? { kind: 'complaint' } : postmarkBounceTypeOf(raw.Type, raw.TypeCode);
      const detail = `${recordType} (${String(providerText(raw.Type, 64) ?? raw.TypeCode ?? 'no type')})`;
      if (means.kind === 'ignored') return ignored('not-a-bounce', detail);
      const email = EmailAddress.fromProvider(raw.Email);
      if (email === null) return ignored('no-usable-address', detail);
      const common = commonOf(raw, email, bounceKeyOf(raw, recordType, email));
      const subtype = providerText(raw.Type, MAX_BOUNCE_SUBTYPE_LENGTH);
      if (means.kind === 'complaint') return one({ ...common, kind: 'complaint', subtype, feedbackType: null });
      return one({ ...common, kind: 'bounce', ...causeOf(means, raw), subtype, diagnosticCode: providerText(raw.Details, MAX_DIAGNOSTIC_CODE_LENGTH) });
    }
    case 'delivery': {
      const email = EmailAddress.fromProvider(raw.Recipient);
      if (email === null) return ignored('no-usable-address');
      return one({ ...commonOf(raw, email, deliveryKeyOf(raw, email)), kind: 'delivery' });
    }
    case 'subscriptionchange':
      return ignored(
        'subscription-change-made-in-postmark',
        `SubscriptionChange (SuppressSending: ${String(raw.SuppressSending)}, reason ${String(providerText(raw.SuppressionReason, 64))}, origin ${String(providerText(raw.Origin, 64))})`,
      );
    default:
      return ignored('not-a-delivery-outcome');
  }
}

function commonOf(raw: PostmarkRecord, email: EmailAddress, providerEventId: string) {
  return {
    email,
    source: 'postmark' as const,
    providerEventId,
    providerMessageId: providerText(raw.MessageID, MAX_PROVIDER_ID_LENGTH),
    campaignId: campaignIdOf(raw),
    rawPayload: raw,
  };
}

/**
 * Why it bounced (docs/bounce-classification.md): Postmark's type names the cause when it names
 * one, and the server's answer (`Details`) may refine a coarse one within what it allows, as
 * the classifier does with the other providers' cause fields; otherwise the answer alone
 * decides, typed by Postmark's hard/soft word when it says nothing. Postmark names no server.
 */
function causeOf(means: Extract<PostmarkBounceType, { kind: 'bounce' }>, raw: PostmarkRecord): Pick<BounceEvent, 'bounceType' | 'classification'> {
  const classification = classifyBounce({ diagnostic: providerText(raw.Details, MAX_DIAGNOSTIC_CODE_LENGTH), providerType: means.word });
  const { cause } = means;
  if (cause === undefined || cause.refineTo?.includes(classification.reason)) {
    return { bounceType: classification.type === 'complaint' ? (means.word ?? 'soft') : classification.type, classification: bounceCause(classification) };
  }
  // As the classifier types a reason: only an address failure is hard, and never on a "try again later".
  const temporary = classification.status?.startsWith('4.') ?? false;
  return {
    bounceType: cause.category === 'recipient' && !temporary ? 'hard' : 'soft',
    classification: { reason: cause.reason, category: cause.category, status: classification.status, remoteMta: null },
  };
}

/**
 * The dedupe key of a bounce or complaint: `RecordType` + Postmark's `ID` of it, the same on
 * every re-delivery. Without an ID, a digest of the record's own fields (derived keys carry a
 * second `:`, which a Postmark key never does).
 */
function bounceKeyOf(raw: PostmarkRecord, recordType: string, email: EmailAddress): string {
  const id = idOf(raw.ID);
  if (id !== null) return bounded(`${recordType}:${id}`);
  const fields = [recordType, email.value, raw.MessageID, raw.Type, raw.TypeCode, raw.BouncedAt].map(scalarOrNull);
  return `${recordType}:derived:sha256:${sha256(JSON.stringify(fields))}`;
}

/**
 * The dedupe key of a delivery: Postmark gives a delivery no id of its own; one message is
 * delivered once to each recipient, so `MessageID` + recipient names it.
 */
function deliveryKeyOf(raw: PostmarkRecord, email: EmailAddress): string {
  const messageId = providerText(raw.MessageID, Number.MAX_SAFE_INTEGER);
  if (messageId !== null) return bounded(`Delivery:${messageId}:${email.value}`);
  const fields = ['Delivery', email.value, raw.DeliveredAt, raw.ServerID].map(scalarOrNull);
  return `Delivery:derived:sha256:${sha256(JSON.stringify(fields))}`;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return providerText(value, Number.MAX_SAFE_INTEGER);
}

function bounded(key: string): string {
  return key.length <= MAX_PROVIDER_ID_LENGTH ? key : `sha256:${sha256(key)}`;
}

/**
 * The campaign: a `campaign_id` in the message's `Metadata`, else its `Tag` (one tag a message,
 * which senders often set to the campaign). A value that could not be a campaign id links to nothing.
 */
function campaignIdOf(raw: PostmarkRecord): string | null {
  const metadata = raw.Metadata;
  const fromMetadata = isObject(metadata) ? CampaignId.tryParse(metadata.campaign_id) : null;
  return (fromMetadata ?? CampaignId.tryParse(raw.Tag))?.value ?? null;
}

function scalarOrNull(value: unknown): string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
