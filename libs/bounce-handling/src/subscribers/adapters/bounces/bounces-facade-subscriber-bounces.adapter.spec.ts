import type { BouncesFacade } from '../../../bounces/application/bounces.facade';
import type { Page } from '../../../shared/application/page';
import type { SubscriberBounce } from '../../application/ports/subscriber-bounces.port';
import { aSubscriberBounce } from '../../../testing';
import { BouncesFacadeSubscriberBounces } from './bounces-facade-subscriber-bounces.adapter';

describe('BouncesFacadeSubscriberBounces', () => {
  it("asks the bounces facade for the subscriber's bounces and gives its page as it is", async () => {
    const page: Page<SubscriberBounce> = { items: [aSubscriberBounce({ id: 3, subscriberId: 7 })], total: 2, limit: 1, offset: 0 };
    const facade = { listOfSubscriber: jest.fn().mockResolvedValue(page) };
    const adapter = new BouncesFacadeSubscriberBounces(facade as unknown as BouncesFacade);
    expect(await adapter.list(7, { limit: 1, offset: 0 })).toBe(page);
    expect(facade.listOfSubscriber).toHaveBeenCalledWith(7, { limit: 1, offset: 0 });
  });
});
