import { SNS_MESSAGE_TYPES, type SnsMessage, type SnsMessageType } from '../../domain/sns-message';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';

type Json = Record<string, unknown>;

/**
 * An SNS envelope from the raw request body, whatever its content type (SNS posts JSON as
 * `text/plain` unless told otherwise). Only its shape is checked here; whether SNS signed it
 * is the verifier's question, so missing signature fields are left for it to refuse (401).
 */
export function parseSnsEnvelope(body: Buffer): SnsMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new MalformedWebhookError('The body is not an SNS message: it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedWebhookError('The body is not an SNS message: it is not a JSON object');
  }
  const envelope = parsed as Json;
  const type = envelope.Type;
  if (typeof type !== 'string' || !(SNS_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw new MalformedWebhookError(`The body is not an SNS message: Type must be one of ${SNS_MESSAGE_TYPES.join(', ')}`);
  }
  const isNotification = type === 'Notification';
  return {
    type: type as SnsMessageType,
    messageId: required(envelope, 'MessageId'),
    topicArn: required(envelope, 'TopicArn'),
    message: required(envelope, 'Message'),
    timestamp: required(envelope, 'Timestamp'),
    subject: isNotification ? optional(envelope, 'Subject') : null,
    // Lambda-style spellings (`SubscribeUrl`, `SigningCertUrl`) are SNS's own in some SDKs.
    subscribeUrl: isNotification ? null : required(envelope, 'SubscribeURL', 'SubscribeUrl'),
    token: isNotification ? null : required(envelope, 'Token'),
    signatureVersion: signatureField(envelope, 'SignatureVersion'),
    signature: signatureField(envelope, 'Signature'),
    signingCertUrl: signatureField(envelope, 'SigningCertURL', 'SigningCertUrl'),
  };
}

function required(envelope: Json, ...names: string[]): string {
  const value = optional(envelope, ...names);
  if (value === null) throw new MalformedWebhookError(`The SNS ${String(envelope.Type)} has no ${names[0]} (a string)`);
  return value;
}

/** A string field; absent or null is null (SNS omits `Subject` or sends it as null). */
function optional(envelope: Json, ...names: string[]): string | null {
  for (const name of names) {
    const value = envelope[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new MalformedWebhookError(`The SNS message's ${name} must be a string`);
    return value;
  }
  return null;
}

/** Anything but a string (or a version given as a number) reads as missing: unsigned. */
function signatureField(envelope: Json, ...names: string[]): string | null {
  for (const name of names) {
    const value = envelope[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  }
  return null;
}
