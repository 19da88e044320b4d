/** The three kinds of message SNS posts to an HTTP(S) subscriber. */
export const SNS_MESSAGE_TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

/**
 * An SNS envelope as posted to an HTTP(S) endpoint, its values JSON-decoded. The signature
 * fields may be missing (such a message is refused as unsigned, not as malformed).
 */
export interface SnsMessage {
  readonly type: SnsMessageType;
  readonly messageId: string;
  readonly topicArn: string;
  /** For a Notification, the published text (SES: a JSON document); otherwise a human text. */
  readonly message: string;
  readonly timestamp: string;
  /** Notifications only, and only when the publisher gave one. */
  readonly subject: string | null;
  /** Subscription and unsubscribe confirmations only. */
  readonly subscribeUrl: string | null;
  readonly token: string | null;
  readonly signatureVersion: string | null;
  readonly signature: string | null;
  readonly signingCertUrl: string | null;
}

/**
 * The exact text SNS signs: for each field of the message's type that is present, in byte
 * order of the names, `name\nvalue\n` (a newline after every value, the last one included).
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message-verify-message-signature.html
 */
export function snsStringToSign(message: SnsMessage): string {
  const fields: [string, string | null][] =
    message.type === 'Notification'
      ? [
          ['Message', message.message],
          ['MessageId', message.messageId],
          ['Subject', message.subject],
          ['Timestamp', message.timestamp],
          ['TopicArn', message.topicArn],
          ['Type', message.type],
        ]
      : [
          ['Message', message.message],
          ['MessageId', message.messageId],
          ['SubscribeURL', message.subscribeUrl],
          ['Timestamp', message.timestamp],
          ['Token', message.token],
          ['TopicArn', message.topicArn],
          ['Type', message.type],
        ];
  return fields
    .filter((field): field is [string, string] => field[1] !== null)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
}

/** The signature algorithms of SNS's SignatureVersion 1 and 2; any other version is refused. */
export function snsSignatureAlgorithm(signatureVersion: string | null): 'sha1' | 'sha256' | null {
  if (signatureVersion === '1') return 'sha1';
  if (signatureVersion === '2') return 'sha256';
  return null;
}
