import { InMemorySubscriberRepository, aSubscriber } from '../../testing';
import { ListSubscribers } from './list-subscribers.use-case';

describe('ListSubscribers', () => {
  const subscribers = new InMemorySubscriberRepository()
    .withSubscriber(aSubscriber({ id: 1, email: 'a@example.com', status: 'active' }))
    .withSubscriber(aSubscriber({ id: 2, email: 'b@example.com', status: 'bounced' }))
    .withSubscriber(aSubscriber({ id: 3, email: 'c@example.com', status: 'active' }))
    .withSubscriber(aSubscriber({ id: 4, email: 'd@example.com', status: 'unsubscribed' }));
  const listSubscribers = new ListSubscribers(subscribers);

  it('lists every subscriber newest first with the exact total', async () => {
    const page = await listSubscribers.execute({}, { limit: 20, offset: 0 });
    expect(page.items.map((subscriber) => subscriber.id)).toEqual([4, 3, 2, 1]);
    expect(page).toMatchObject({ total: 4, limit: 20, offset: 0 });
  });

  it('lists only the subscribers of one status when asked', async () => {
    const page = await listSubscribers.execute({ status: 'active' }, { limit: 20, offset: 0 });
    expect(page.items.map((subscriber) => subscriber.id)).toEqual([3, 1]);
    expect(page.total).toBe(2);
  });

  it('gives the window asked for and the total of the whole list', async () => {
    const page = await listSubscribers.execute({}, { limit: 2, offset: 1 });
    expect(page.items.map((subscriber) => subscriber.id)).toEqual([3, 2]);
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
  });
});
