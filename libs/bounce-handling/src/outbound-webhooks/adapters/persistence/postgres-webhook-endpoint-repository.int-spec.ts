import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresOutbox } from '../../../shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresTransactionRunner } from '../../../shared/adapters/persistence/postgres-transaction-runner.adapter';
import type { NewWebhookEndpoint } from '../../domain/webhook-endpoint';
import { PostgresWebhookDeliveryQueue } from '../delivery/postgres-webhook-delivery-queue.adapter';
import { PostgresWebhookEndpointRepository } from './postgres-webhook-endpoint-repository.adapter';

describe('PostgresWebhookEndpointRepository on PostgreSQL', () => {
  let db: TestOrm;
  let endpoints: PostgresWebhookEndpointRepository;
  const jan = new Date('2026-01-01T08:00:00Z');
  const feb = new Date('2026-02-01T08:00:00Z');
  const anEndpoint = (fields: Partial<NewWebhookEndpoint> = {}): NewWebhookEndpoint => ({
    url: 'https://hooks.example.com/in',
    events: ['bounce.recorded'],
    secret: 'whsec_c2VjcmV0LW9mLXRoZS1lbmRwb2ludC0zMmJ5dGVz',
    createdBy: 'ops',
    createdAt: jan,
    ...fields,
  });

  beforeAll(async () => {
    db = await openTestOrm();
    endpoints = new PostgresWebhookEndpointRepository(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql('truncate webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade');
  });

  afterAll(async () => {
    await db.close();
  });

  /** A bounce's event written, and dispatched into its deliveries as the worker does. */
  const bounceRecorded = async (dispatched = true) => {
    await new PostgresTransactionRunner(db.orm.em).run(() =>
      new PostgresOutbox(db.orm.em).append([{ type: 'bounce.recorded', occurredAt: jan, data: { id: 1 } }]),
    );
    if (dispatched) await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500);
  };

  it('adds an endpoint and answers it with its id and secret; reads it back without the secret, or with it for signing', async () => {
    const added = await endpoints.add(anEndpoint({ events: ['bounce.recorded', 'suppression.removed'] }));
    expect(added).toEqual({ id: 1, ...anEndpoint({ events: ['bounce.recorded', 'suppression.removed'] }) });
    const { secret, ...withoutSecret } = added;
    expect(await endpoints.find(1)).toEqual(withoutSecret);
    expect(await endpoints.findWithSecret(1)).toEqual({ ...withoutSecret, secret });
    expect(await endpoints.find(2)).toBeNull();
  });

  it('lists endpoints newest first with the exact total, leaving deleted ones out', async () => {
    await endpoints.add(anEndpoint({ url: 'https://hooks.example.com/old', createdAt: jan }));
    await endpoints.add(anEndpoint({ url: 'https://hooks.example.com/new', createdAt: feb }));
    await endpoints.add(anEndpoint({ url: 'https://hooks.example.com/gone', createdAt: feb }));
    await endpoints.remove(3, feb);
    const page = await endpoints.list({ limit: 1, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((endpoint) => endpoint.url)).toEqual(['https://hooks.example.com/new']);
  });

  it('deletes an endpoint once, keeping its row, and cancels its pending deliveries but not others', async () => {
    await endpoints.add(anEndpoint());
    await endpoints.add(anEndpoint({ url: 'https://hooks.example.com/other' }));
    await bounceRecorded();

    expect(await endpoints.remove(1, feb)).toBe(true);
    expect(await endpoints.remove(1, feb)).toBe(false);
    expect(await endpoints.find(1)).toBeNull();
    expect(await endpoints.findWithSecret(1)).toBeNull();
    expect(await db.sql('select id, deleted_at is not null as deleted from webhook_endpoints order by id')).toEqual([
      { id: '1', deleted: true },
      { id: '2', deleted: false },
    ]);
    expect(await db.sql('select endpoint_id, status, last_error from webhook_deliveries order by endpoint_id')).toEqual([
      { endpoint_id: '1', status: 'cancelled', last_error: 'endpoint deleted' },
      { endpoint_id: '2', status: 'pending', last_error: null },
    ]);
  });

  it('leaves a delivered delivery as it was when its endpoint is deleted', async () => {
    await endpoints.add(anEndpoint());
    await bounceRecorded();
    await db.sql(`update webhook_deliveries set status = 'delivered', delivered_at = now()`);
    await endpoints.remove(1, feb);
    expect(await db.sql('select status from webhook_deliveries')).toEqual([{ status: 'delivered' }]);
  });

  it('gives a deleted endpoint no delivery of an event written before its deletion and dispatched after', async () => {
    await endpoints.add(anEndpoint());
    await endpoints.add(anEndpoint({ url: 'https://hooks.example.com/other' }));
    await bounceRecorded(false);
    await endpoints.remove(1, feb);

    await new PostgresWebhookDeliveryQueue(db.orm.em).dispatch(500);

    expect(await db.sql('select endpoint_id, status from webhook_deliveries')).toEqual([{ endpoint_id: '2', status: 'pending' }]);
  });
});
