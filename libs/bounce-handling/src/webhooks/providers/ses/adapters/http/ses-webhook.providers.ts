import type { Provider } from '@nestjs/common';
import { ConfirmSnsSubscription } from '../../application/confirm-sns-subscription.use-case';
import { SesWebhookAccess } from '../../application/ses-webhook-access';
import { SNS_ADAPTER_PROVIDERS } from '../sns/sns-adapters.providers';
import { SnsMessageVerifier } from './sns-message.verifier';

/** What SesWebhookController needs, besides the bounces facade. */
export const SES_WEBHOOK_PROVIDERS: Provider[] = [...SNS_ADAPTER_PROVIDERS, SesWebhookAccess, ConfirmSnsSubscription, SnsMessageVerifier];
