import type { Provider } from '@nestjs/common';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { SnsSubscriptionConfirmer } from '../../application/ports/sns-subscription-confirmer.port';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { CachingSnsCertificateSource } from './caching-sns-certificate-source.adapter';
import { DirectorySnsCertificateSource } from './directory-sns-certificate-source.adapter';
import { HttpsSnsCertificateSource } from './https-sns-certificate-source.adapter';
import { HttpsSnsSubscriptionConfirmer } from './https-sns-subscription-confirmer.adapter';

/**
 * The SNS ports bound to AWS: certificates from SNS_CERTIFICATES_DIR first, else fetched from
 * SNS, each URL asked once; subscriptions confirmed over https. The fetching source is a
 * provider of its own so that a test (or a host) can replace just the network part.
 */
export const SNS_ADAPTER_PROVIDERS: Provider[] = [
  HttpsSnsCertificateSource,
  {
    provide: SnsCertificateSource,
    inject: [WebhookSettings, HttpsSnsCertificateSource],
    useFactory: (settings: WebhookSettings, fetched: HttpsSnsCertificateSource) =>
      new CachingSnsCertificateSource(new DirectorySnsCertificateSource(settings.snsCertificatesDir, fetched)),
  },
  { provide: SnsSubscriptionConfirmer, useClass: HttpsSnsSubscriptionConfirmer },
];
