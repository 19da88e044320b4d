import { Injectable } from '@nestjs/common';
import { SnsSubscriptionConfirmer } from '../../application/ports/sns-subscription-confirmer.port';
import { checkSnsEndpointUrl } from '../../domain/sns-url';
import { boundedHttpsGet } from './bounded-https-get';

/** SNS answers a confirmation with a small XML document. */
const MAX_ANSWER_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;

/** Confirms a subscription the way SNS asks: a GET of its SubscribeURL. */
@Injectable()
export class HttpsSnsSubscriptionConfirmer extends SnsSubscriptionConfirmer {
  async confirm(subscribeUrl: string): Promise<void> {
    // The use case checked host and region; a fetch off SNS must stay impossible here too.
    const checked = checkSnsEndpointUrl(subscribeUrl);
    if (!checked.ok) throw new Error(`Not an SNS SubscribeURL: ${checked.problem}`);
    await boundedHttpsGet(checked.url, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
  }
}
