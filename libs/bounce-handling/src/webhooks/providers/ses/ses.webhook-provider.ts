import type { WebhookProviderDefinition } from '../../webhook-provider';
import { WebhookSettings } from '../../application/webhook-settings';
import { SesWebhookController } from './adapters/http/ses-webhook.controller';
import { SnsMessageVerifier } from './adapters/http/sns-message.verifier';
import { CachingSnsCertificateSource } from './adapters/sns/caching-sns-certificate-source.adapter';
import { DirectorySnsCertificateSource } from './adapters/sns/directory-sns-certificate-source.adapter';
import { HttpsSnsCertificateSource } from './adapters/sns/https-sns-certificate-source.adapter';
import { HttpsSnsSubscriptionConfirmer } from './adapters/sns/https-sns-subscription-confirmer.adapter';
import { ConfirmSnsSubscription } from './application/confirm-sns-subscription.use-case';
import { SnsCertificateSource } from './application/ports/sns-certificate-source.port';
import { SnsSubscriptionConfirmer } from './application/ports/sns-subscription-confirmer.port';
import { SesWebhookAccess } from './application/ses-webhook-access';
import { SES_WEBHOOK_SETTINGS } from './application/ses-webhook.settings';

/** Amazon SES notifications, delivered by SNS to the topics allowed, each message signed by SNS. */
export const SES_WEBHOOK_PROVIDER = {
  name: 'ses',
  displayName: 'SES',
  controller: SesWebhookController,
  providers: [
    SesWebhookAccess,
    SnsMessageVerifier,
    ConfirmSnsSubscription,
    // The SNS ports bound to AWS: certificates from SNS_CERTIFICATES_DIR first, else fetched from
    // SNS, each URL asked once; subscriptions confirmed over https. The fetching source is a
    // provider of its own so that a test (or a host) can replace just the network part.
    HttpsSnsCertificateSource,
    {
      provide: SnsCertificateSource,
      inject: [WebhookSettings, HttpsSnsCertificateSource],
      useFactory: (settings: WebhookSettings, fetched: HttpsSnsCertificateSource) =>
        new CachingSnsCertificateSource(new DirectorySnsCertificateSource(settings.of(SES_WEBHOOK_SETTINGS).certificatesDir, fetched)),
    },
    { provide: SnsSubscriptionConfirmer, useClass: HttpsSnsSubscriptionConfirmer },
  ],
  settings: SES_WEBHOOK_SETTINGS,
} as const satisfies WebhookProviderDefinition<'ses'>;
