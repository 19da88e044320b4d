import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { PostgresWebhookDeliveryBacklog } from './postgres-webhook-delivery-backlog.adapter';

describe('PostgresWebhookDeliveryBacklog on PostgreSQL', () => {
  let db: TestOrm;
  let backlog: PostgresWebhookDeliveryBacklog;

  beforeAll(async () => {
    db = await openTestOrm();
    backlog = new PostgresWebhookDeliveryBacklog(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql('truncate webhook_endpoints, outbox_events, webhook_deliveries, webhook_delivery_attempts');
  });

  afterAll(async () => {
    await db.close();
  });

  it('counts the pending deliveries only, whatever became of the others', async () => {
    expect(await backlog.pendingDeliveries()).toBe(0);
    await db.sql(
      `insert into webhook_endpoints (id, url, events, secret, created_at) values (1, 'https://a.example', '{bounce.recorded}', 'whsec_x', now()), (2, 'https://b.example', '{bounce.recorded}', 'whsec_y', now())`,
    );
    await db.sql(`insert into outbox_events (id, type, occurred_at, payload) values (1, 'bounce.recorded', now(), '{}'), (2, 'bounce.recorded', now(), '{}')`);
    await db.sql(
      `insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at) values
         (1, 1, 'pending', now()), (1, 2, 'pending', now() + interval '1 hour'), (2, 1, 'pending', now()),
         (2, 2, 'delivered', now())`,
    );
    expect(await backlog.pendingDeliveries()).toBe(3);
    await db.sql(`update webhook_deliveries set status = 'dead' where event_id = 1 and endpoint_id = 2`);
    await db.sql(`update webhook_deliveries set status = 'failed' where event_id = 2 and endpoint_id = 1`);
    expect(await backlog.pendingDeliveries()).toBe(1);
  });

  it('counts the deliveries of the events not yet dispatched, to the endpoints that will receive them', async () => {
    await db.sql(
      `insert into webhook_endpoints (id, url, events, secret, created_at, deleted_at) values
         (1, 'https://a.example', '{bounce.recorded}', 'whsec_x', now(), null), (2, 'https://b.example', '{bounce.recorded,suppression.added}', 'whsec_y', now(), null),
         (3, 'https://c.example', '{bounce.recorded}', 'whsec_z', now(), now()), (4, 'https://d.example', '{bounce.recorded}', 'whsec_w', now(), null)`,
    );
    await db.sql(
      `insert into outbox_events (id, type, occurred_at, payload, last_endpoint_id, dispatched_at) values
         (1, 'bounce.recorded', now(), '{}', 3, null), (2, 'suppression.added', now(), '{}', 3, null), (3, 'bounce.recorded', now(), '{}', 3, now())`,
    );
    expect(await backlog.pendingDeliveries()).toBe(3);
  });
});
