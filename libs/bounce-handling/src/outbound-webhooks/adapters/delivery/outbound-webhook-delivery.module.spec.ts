import type { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import type { WebhookSender } from '../../application/ports/webhook-sender.port';
import { OutboundWebhookDelivery } from './outbound-webhook-delivery.module';

/** A delivery use case whose queue is always empty, counting the claims. */
function countingClaims() {
  const counts = { claims: 0 };
  const deliver = { claim: async () => ((counts.claims += 1), []), attempt: async () => ({ status: 'delivered' }) } as unknown as DeliverOutboundEvents;
  return { counts, deliver };
}

const sender = { send: async () => ({ outcome: 'delivered', statusCode: 200, latencyMs: 1 }) } as unknown as WebhookSender;

describe('OutboundWebhookDelivery', () => {
  it('starts the worker with the application, which claims at once, and stops it', async () => {
    const { counts, deliver } = countingClaims();
    const delivery = new OutboundWebhookDelivery(deliver, sender, { enabled: true });

    delivery.onApplicationBootstrap();
    expect(counts.claims).toBe(1);
    await delivery.onModuleDestroy();
  });

  it('starts no worker when the option turns it off', async () => {
    const { counts, deliver } = countingClaims();
    const delivery = new OutboundWebhookDelivery(deliver, sender, { enabled: false });

    delivery.onApplicationBootstrap();
    expect(counts.claims).toBe(0);
    await delivery.onModuleDestroy();
  });
});
