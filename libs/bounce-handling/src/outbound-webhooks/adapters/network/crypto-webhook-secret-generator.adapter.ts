import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WebhookSecretGenerator } from '../../application/ports/webhook-secret-generator.port';
import { WEBHOOK_SECRET_BYTES, webhookSecretOf } from '../../domain/webhook-endpoint';

@Injectable()
export class CryptoWebhookSecretGenerator extends WebhookSecretGenerator {
  generate(): string {
    return webhookSecretOf(randomBytes(WEBHOOK_SECRET_BYTES));
  }
}
