import { InMemorySubscriberBounces, InMemorySubscriberRepository, aSubscriberBounce, aSubscriber } from '../../testing';
import { SubscriberNotFoundError } from '../domain/subscriber.errors';
import { GetSubscriber } from './get-subscriber.use-case';

describe('GetSubscriber', () => {
  const john = aSubscriber({ id: 1 });
  const jane = aSubscriber({ id: 2, email: 'jane@example.com', name: 'Jane' });
  const bounces = new InMemorySubscriberBounces()
    .with(aSubscriberBounce({ id: 10, subscriberId: 1, bounceType: 'soft', createdAt: new Date('2026-01-10T12:00:00Z') }))
    .with(aSubscriberBounce({ id: 11, subscriberId: 1, bounceType: 'hard', createdAt: new Date('2026-01-11T12:00:00Z') }))
    .with(aSubscriberBounce({ id: 12, subscriberId: 1, bounceType: 'complaint', createdAt: new Date('2026-01-09T12:00:00Z') }))
    .with(aSubscriberBounce({ id: 13, subscriberId: 3, createdAt: new Date('2026-02-01T12:00:00Z') }));
  const getSubscriber = new GetSubscriber(new InMemorySubscriberRepository().withSubscriber(john).withSubscriber(jane), bounces);

  it('gives the subscriber with its most recent bounce', async () => {
    const details = await getSubscriber.execute(1);
    expect(details.subscriber).toEqual(john);
    expect(details.lastBounce).toMatchObject({ id: 11, bounceType: 'hard' });
  });

  it('gives no last bounce to a subscriber that never bounced', async () => {
    expect(await getSubscriber.execute(2)).toEqual({ subscriber: jane, lastBounce: null });
  });

  it('fails with not found for an unknown id', async () => {
    await expect(getSubscriber.execute(99)).rejects.toThrow(SubscriberNotFoundError);
    await expect(getSubscriber.execute(99)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No subscriber with id 99' });
  });
});
