/** A new signing secret, `whsec_<base64 of WEBHOOK_SECRET_BYTES random bytes>` (`webhookSecretOf`). */
export abstract class WebhookSecretGenerator {
  abstract generate(): string;
}
