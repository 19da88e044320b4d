import { execFileSync } from 'node:child_process';
import { randomUUID, sign, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Signing as SNS does, for tests: an RSA certificate made with the `openssl` command line
 * (node:crypto cannot issue X.509 certificates), envelopes of the three message types, and
 * their SignatureVersion 1 or 2 signatures. The string to sign is built here independently
 * of the code under test, after the AWS PHP validator (one sorted list of keys, "if present").
 */

export interface SnsTestCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly validFrom: Date;
  readonly validTo: Date;
}

export type SnsEnvelope = Record<string, string | null | undefined>;

export const SNS_TEST_REGION = 'eu-west-1';
export const SNS_TEST_TOPIC_ARN = `arn:aws:sns:${SNS_TEST_REGION}:123456789012:ses-events`;
export const SNS_TEST_CERTIFICATE_NAME = 'SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';
export const SNS_TEST_CERTIFICATE_URL = `https://sns.${SNS_TEST_REGION}.amazonaws.com/${SNS_TEST_CERTIFICATE_NAME}`;

/** A fresh self-signed RSA-2048 certificate, valid from now for `days` days. */
export function generateSnsTestCertificate(options: { days?: number; commonName?: string; subjectAltName?: string } = {}): SnsTestCertificate {
  const { days = 2, commonName = 'sns.amazonaws.com', subjectAltName } = options;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sns-test-cert-'));
  try {
    const keyFile = path.join(directory, 'key.pem');
    const certificateFile = path.join(directory, 'certificate.pem');
    try {
      const extensions = subjectAltName === undefined ? [] : ['-addext', `subjectAltName=${subjectAltName}`];
      const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`, '-days', String(days), ...extensions, '-keyout', keyFile, '-out', certificateFile];
      execFileSync('openssl', args, {
        stdio: 'pipe',
        timeout: 30_000,
      });
    } catch (error) {
      throw new Error(`Generating a test certificate needs the openssl command on PATH: ${(error as Error).message}`);
    }
    const certificatePem = fs.readFileSync(certificateFile, 'utf8');
    const certificate = new X509Certificate(certificatePem);
    return { certificatePem, privateKeyPem: fs.readFileSync(keyFile, 'utf8'), validFrom: new Date(certificate.validFrom), validTo: new Date(certificate.validTo) };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

let shared: SnsTestCertificate | undefined;

/** One certificate per test file (generating RSA keys takes a moment). */
export function sharedSnsTestCertificate(): SnsTestCertificate {
  shared ??= generateSnsTestCertificate();
  return shared;
}

const SIGNED_KEYS = ['Message', 'MessageId', 'Subject', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];

/** SNS's string to sign, after the AWS PHP validator: every listed key present, `key\nvalue\n`. */
export function stringToSignOf(envelope: SnsEnvelope): string {
  const keys = envelope.Type === 'Notification' ? SIGNED_KEYS.filter((key) => key !== 'SubscribeURL' && key !== 'Token') : SIGNED_KEYS.filter((key) => key !== 'Subject');
  return keys
    .filter((key) => typeof envelope[key] === 'string')
    .map((key) => `${key}\n${envelope[key]}\n`)
    .join('');
}

/** The envelope with SignatureVersion and Signature set, signed with `privateKeyPem`. */
export function signSnsEnvelope(envelope: SnsEnvelope, privateKeyPem: string, version: '1' | '2' = '2'): SnsEnvelope {
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(stringToSignOf(envelope), 'utf8'), privateKeyPem).toString('base64');
  return { ...envelope, SignatureVersion: version, Signature: signature };
}

interface EnvelopeOptions {
  readonly topicArn?: string;
  readonly messageId?: string;
  readonly certificateUrl?: string;
  readonly timestamp?: string;
}

/** An unsigned Notification carrying `message` (SES: its event as JSON text). */
export function snsNotification(message: string | object, options: EnvelopeOptions & { subject?: string } = {}): SnsEnvelope {
  const topicArn = options.topicArn ?? SNS_TEST_TOPIC_ARN;
  return {
    Type: 'Notification',
    MessageId: options.messageId ?? randomUUID(),
    TopicArn: topicArn,
    ...(options.subject === undefined ? {} : { Subject: options.subject }),
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: options.timestamp ?? new Date().toISOString(),
    SigningCertURL: options.certificateUrl ?? SNS_TEST_CERTIFICATE_URL,
    UnsubscribeURL: `https://sns.${regionOf(topicArn)}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:1e7b1c1d`,
  };
}

/** An unsigned SubscriptionConfirmation (or UnsubscribeConfirmation) of `topicArn`. */
export function snsSubscriptionMessage(
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation' = 'SubscriptionConfirmation',
  options: EnvelopeOptions & { subscribeUrl?: string; token?: string } = {},
): SnsEnvelope {
  const topicArn = options.topicArn ?? SNS_TEST_TOPIC_ARN;
  const token = options.token ?? '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736';
  return {
    Type: type,
    MessageId: options.messageId ?? randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message:
      type === 'SubscriptionConfirmation'
        ? `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
        : `You have chosen to deactivate subscription ${topicArn}:1e7b1c1d.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: options.subscribeUrl ?? `https://sns.${regionOf(topicArn)}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
    Timestamp: options.timestamp ?? new Date().toISOString(),
    SigningCertURL: options.certificateUrl ?? SNS_TEST_CERTIFICATE_URL,
  };
}

function regionOf(topicArn: string): string {
  return topicArn.split(':')[3] ?? SNS_TEST_REGION;
}
