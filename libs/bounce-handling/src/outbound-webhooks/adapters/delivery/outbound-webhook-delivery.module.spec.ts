import type { DeliverOutboundEvents } from '../../application/deliver-outbound-events.use-case';
import type { WebhookSender } from '../../application/ports/webhook-sender.port';
import { OutboundWebhookDelivery } from './outbound-webhook-delivery.module';

/** A delivery use case whose outbox and queue are always empty, counting the dispatches and claims. */
function countingClaims() {
  const counts = { dispatches: 0, claims: 0 };
  const deliver = {
    dispatch: async () => ((counts.dispatches += 1), 0),
    claim: async () => ((counts.claims += 1), []),
    send: async () => ({ status: 'delivered' }),
    record: async () => undefined,
  } as unknown as DeliverOutboundEvents;
  return { counts, deliver };
}

const sender = { send: async () => ({ outcome: 'delivered', statusCode: 200, latencyMs: 1 }) } as unknown as WebhookSender;

describe('OutboundWebhookDelivery', () => {
  it('starts the worker with the application, which dispatches and claims at once, and stops it', async () => {
    const { counts, deliver } = countingClaims();
    const delivery = new OutboundWebhookDelivery(deliver, sender, { enabled: true });

    delivery.onApplicationBootstrap();
    expect(counts.dispatches).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts.claims).toBe(1);
    await delivery.onModuleDestroy();
  });

  it('starts no worker when the option turns it off', async () => {
    const { counts, deliver } = countingClaims();
    const delivery = new OutboundWebhookDelivery(deliver, sender, { enabled: false });

    delivery.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(counts).toEqual({ dispatches: 0, claims: 0 });
    await delivery.onModuleDestroy();
  });
});
