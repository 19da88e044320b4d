import { createHash } from 'node:crypto';
import type { BounceEvent, ComplaintEvent, DeliveryEvent, DeliveryReport } from '../../../../../bounces/application/bounces.facade';
import { EmailAddress } from '../../../../../shared/domain/email-address';
import { bounceCause, classifyBounce } from '../../../../../bounces/domain/bounce-classification/bounce-classification.facade';
import { CampaignId } from '../../../../../shared/domain/campaign-id';
import {
  MAX_BOUNCE_SUBTYPE_LENGTH,
  MAX_DIAGNOSTIC_CODE_LENGTH,
  MAX_PROVIDER_ID_LENGTH,
  MAX_REMOTE_MTA_LENGTH,
  providerText,
} from '../../../../../shared/domain/provider-text';
import type { IgnoredReport, WebhookMapping } from '../../../../application/webhook-mapping';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';

/**
 * Why a report of an SNS notification gives no event: the whole message is no SES event, or
 * of a type we do not use (debug), or a recipient names no usable address (a warning).
 */
export type SesIgnoreReason = 'not-an-ses-event' | 'not-used' | 'no-usable-address';

/**
 * What one SNS notification of SES holds. Reports: one per recipient of a bounce, complaint or
 * delivery; one for anything else.
 */
export type SesMapping = WebhookMapping<SesIgnoreReason>;

type Json = Record<string, unknown>;

/**
 * SES's own event JSON (the SNS `Message`) as provider-neutral delivery events. Both shapes
 * SES publishes are read: identity notifications (`notificationType`) and configuration-set
 * event publishing (`eventType`). Bounce, Complaint and Delivery name recipients, each an
 * event; every other type (DeliveryDelay, Send, Open, `Rendering Failure`, …), and a message
 * that is no SES event at all (SNS's "Successfully validated SNS topic" text), is ignored.
 */
export class SesEventMapper {
  static toDeliveryEvents(snsMessageId: string, message: string): SesMapping {
    const event = parseObject(message);
    if (event === null) return ignoredWhole('not-an-ses-event', 'the SNS message is not an SES event (not a JSON object)');
    const type = typeof event.eventType === 'string' ? event.eventType : typeof event.notificationType === 'string' ? event.notificationType : null;
    if (type === null) return ignoredWhole('not-an-ses-event', 'the SNS message names no eventType or notificationType');
    const context = new SesEventContext(snsMessageId, event);
    switch (type.trim().toLowerCase()) {
      case 'bounce':
        return context.bounces();
      case 'complaint':
        return context.complaints();
      case 'delivery':
        return context.deliveries();
      default:
        return ignoredWhole('not-used', `SES ${printable(type)} events are not used`);
    }
  }

  /**
   * SES's own word for one recipient's bounce (docs/providers.md, "Amazon SES (through SNS)"):
   * `Permanent` (any subtype) is hard; `Transient` and `Undetermined` are soft, unless the
   * recipient's DSN status says the address itself fails (5.1.x, 5.4.4): SES has been seen
   * labelling such bounces Transient. Without a status, the bounce type decides. The classifier
   * takes it as the provider's word: the type it gives is the bounce's (`causeOf`).
   */
  static bounceTypeOf(sesBounceType: unknown, recipientStatus: unknown): 'hard' | 'soft' {
    if (typeof sesBounceType === 'string' && sesBounceType.trim().toLowerCase() === 'permanent') return 'hard';
    return isAddressFailure(recipientStatus) ? 'hard' : 'soft';
  }

  /**
   * Why one recipient's message bounced (docs/bounce-classification.md): SES's `bounceType`
   * and `bounceSubType`, the recipient's `status` and `diagnosticCode`, and the receiving
   * server (`remoteMtaIp`). The type is the classifier's: a refusal of the sender is soft
   * whatever SES called it, a full mailbox is soft even when SES said `Permanent`.
   */
  static causeOf(bounce: Json, recipient: Json): Pick<BounceEvent, 'bounceType' | 'classification'> {
    const word = SesEventMapper.bounceTypeOf(bounce.bounceType, recipient.status);
    const classification = classifyBounce({
      provider: { scheme: 'ses', bounceType: textOrNull(bounce.bounceType), bounceSubType: textOrNull(bounce.bounceSubType) },
      status: textOrNull(recipient.status),
      diagnostic: textOrNull(recipient.diagnosticCode),
      providerType: word,
    });
    return {
      bounceType: classification.type === 'complaint' ? word : classification.type,
      classification: bounceCause(classification, providerText(bounce.remoteMtaIp, MAX_REMOTE_MTA_LENGTH)),
    };
  }
}

/** One SES event and what its recipients share. */
class SesEventContext {
  private readonly mail: Json;
  private readonly providerMessageId: string | null;
  private readonly campaignId: string | null;

  constructor(
    private readonly snsMessageId: string,
    private readonly event: Json,
  ) {
    this.mail = objectOr(event.mail);
    this.providerMessageId = providerText(this.mail.messageId, MAX_PROVIDER_ID_LENGTH);
    this.campaignId = campaignIdOf(this.mail);
  }

  bounces(): SesMapping {
    const bounce = this.detail('bounce', 'bouncedRecipients');
    return this.perRecipient(bounce, 'bouncedRecipients', (recipient, email): BounceEvent | null => {
      if (!isObject(recipient)) return null;
      return {
        kind: 'bounce',
        ...SesEventMapper.causeOf(bounce, recipient),
        subtype: providerText(bounce.bounceSubType, MAX_BOUNCE_SUBTYPE_LENGTH),
        diagnosticCode: providerText(recipient.diagnosticCode, MAX_DIAGNOSTIC_CODE_LENGTH),
        ...this.common(email, bounce.feedbackId),
        rawPayload: { ...this.event, bounce: { ...bounce, bouncedRecipients: [recipient] } },
      };
    });
  }

  complaints(): SesMapping {
    const complaint = this.detail('complaint', 'complainedRecipients');
    const feedbackType = providerText(complaint.complaintFeedbackType, MAX_BOUNCE_SUBTYPE_LENGTH);
    return this.perRecipient(complaint, 'complainedRecipients', (recipient, email): ComplaintEvent | null => {
      if (!isObject(recipient)) return null;
      return {
        kind: 'complaint',
        feedbackType,
        // The ARF feedback type says most (`abuse`, `fraud`…); SES's own subtype is the fallback.
        subtype: feedbackType ?? providerText(complaint.complaintSubType, MAX_BOUNCE_SUBTYPE_LENGTH),
        ...this.common(email, complaint.feedbackId),
        rawPayload: { ...this.event, complaint: { ...complaint, complainedRecipients: [recipient] } },
      };
    });
  }

  deliveries(): SesMapping {
    const delivery = this.detail('delivery', 'recipients');
    return this.perRecipient(delivery, 'recipients', (recipient, email): DeliveryReport | null => {
      if (typeof recipient !== 'string') return null;
      return { kind: 'delivery', ...this.common(email, null), rawPayload: { ...this.event, delivery: { ...delivery, recipients: [recipient] } } };
    });
  }

  /** The event's own object (`bounce`, …) with its list of recipients, which SES always sends. */
  private detail(name: string, recipients: string): Json {
    const detail = this.event[name];
    if (!isObject(detail) || !Array.isArray(detail[recipients])) {
      throw new MalformedWebhookError(`The SES event has no ${name}.${recipients} list`);
    }
    return detail;
  }

  private perRecipient(detail: Json, list: string, toEvent: (recipient: unknown, email: EmailAddress) => DeliveryEvent | null): SesMapping {
    const recipients = detail[list] as unknown[];
    const events: DeliveryEvent[] = [];
    const ignored: Array<IgnoredReport<SesIgnoreReason>> = [];
    recipients.forEach((recipient, index) => {
      const email = EmailAddress.fromProvider(isObject(recipient) ? recipient.emailAddress : recipient);
      const event = email === null ? null : toEvent(recipient, email);
      if (event === null) ignored.push({ reason: 'no-usable-address', detail: `${list}[${index}] names no usable address` });
      else events.push(event);
    });
    return { received: recipients.length, events, ignored };
  }

  private common(email: EmailAddress, feedbackId: unknown) {
    return {
      email,
      source: 'ses' as const,
      providerEventId: eventIdOf(typeof feedbackId === 'string' && feedbackId.trim() !== '' ? feedbackId : this.snsMessageId, email),
      providerMessageId: this.providerMessageId,
      campaignId: this.campaignId,
    };
  }
}

/**
 * The dedupe key: SES's feedback id (one per bounce or complaint report, kept on SNS's
 * re-deliveries) and the recipient, as one report can name several; SNS's MessageId when SES
 * gave none. A key too long for its column becomes its SHA-256.
 */
function eventIdOf(reportId: string, email: EmailAddress): string {
  // eslint-disable-next-line no-control-regex -- NUL and control characters are looked for on purpose
  const key = `${reportId.replace(/\u0000/g, '')}:${email.value}`;
  return key.length <= MAX_PROVIDER_ID_LENGTH ? key : createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * A `campaign_id` message tag (event publishing), else an `X-Campaign-Id` header: the first
 * that is a campaign id. A value that is none (too long, other characters) names no campaign.
 */
function campaignIdOf(mail: Json): string | null {
  const tag = objectOr(mail.tags).campaign_id;
  const tagged = CampaignId.tryParse(Array.isArray(tag) ? tag[0] : tag);
  if (tagged !== null) return tagged.value;
  if (!Array.isArray(mail.headers)) return null;
  for (const header of mail.headers) {
    if (isObject(header) && typeof header.name === 'string' && header.name.trim().toLowerCase() === 'x-campaign-id') {
      const value = CampaignId.tryParse(header.value);
      if (value !== null) return value.value;
    }
  }
  return null;
}

/** RFC 3463 addressing failures: bad mailbox or domain (5.1.x), unroutable domain (5.4.4). */
function isAddressFailure(status: unknown): boolean {
  return typeof status === 'string' && /^5\.(1\.\d{1,3}|4\.4)(?!\d)/.test(status.trim());
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseObject(text: string): Json | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function ignoredWhole(reason: SesIgnoreReason, detail: string): SesMapping {
  return { received: 1, events: [], ignored: [{ reason, detail }] };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOr(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** A provider's label made safe for a log line. */
function printable(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
