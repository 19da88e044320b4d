import { InMemorySubscriberBounces, InMemorySubscriberRepository, aSubscriberBounce, aSubscriber } from '../../testing';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { ListSubscriberBounces } from './list-subscriber-bounces.use-case';

describe('ListSubscriberBounces', () => {
  const bounces = new InMemorySubscriberBounces()
    .with(aSubscriberBounce({ id: 1, subscriberId: 1, createdAt: new Date('2026-01-01T00:00:00Z') }))
    .with(aSubscriberBounce({ id: 2, subscriberId: 2, createdAt: new Date('2026-01-02T00:00:00Z') }))
    .with(aSubscriberBounce({ id: 3, subscriberId: 1, createdAt: new Date('2026-01-03T00:00:00Z') }));
  const listSubscriberBounces = new ListSubscriberBounces(new InMemorySubscriberRepository().withSubscriber(aSubscriber({ id: 1 })), bounces);

  it('lists the subscriber’s own bounces, newest first, with their total', async () => {
    const page = await listSubscriberBounces.execute(1, { limit: 20, offset: 0 });
    expect(page.items.map((bounce) => bounce.id)).toEqual([3, 1]);
    expect(page).toMatchObject({ total: 2, limit: 20, offset: 0 });
  });

  it('fails with not found for an unknown subscriber rather than answering an empty list', async () => {
    await expect(listSubscriberBounces.execute(2, { limit: 20, offset: 0 })).rejects.toThrow(SubscriberNotFoundError);
  });
});
