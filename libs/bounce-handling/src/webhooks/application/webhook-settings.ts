/** The providers' secrets and allow-lists as configured; a provider left unset refuses its webhook. */
export class WebhookSettings {
  constructor(
    /** SNS topics whose messages are accepted (empty: the SES webhook refuses everything). */
    readonly sesTopicArns: readonly string[],
    /** PEM files trusted for SNS signing, named as the last segment of their SigningCertURL. */
    readonly snsCertificatesDir: string | null,
    readonly mailgunSigningKey: string | null,
    /** SendGrid's verification key: base64 DER (as its dashboard shows it) or PEM. */
    readonly sendgridPublicKey: string | null,
  ) {}
}
