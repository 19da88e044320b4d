import { EmailAddress } from '../../shared/domain/email-address';
import { aHardBounce, inMemoryIngestion } from '../../testing';
import type { DeliveryEvent } from '../domain/delivery-event';
import { BouncesFacade, SHARED_TRANSACTION_MAX_EVENTS } from './bounces.facade';
import { IngestionBatcher, MAX_CONCURRENT_BATCHES } from './ingestion-batcher';
import { ListBounces } from './list-bounces.use-case';

function setUp() {
  const { ingest, bounces, transactions } = inMemoryIngestion();
  return { facade: new BouncesFacade(new ListBounces(bounces), ingest, new IngestionBatcher(ingest)), bounces, transactions };
}

/** `count` hard bounces of distinct addresses, event ids from `first`. */
const events = (count: number, first: number): DeliveryEvent[] =>
  Array.from({ length: count }, (_, n) => aHardBounce({ email: EmailAddress.parse(`user${first + n}@example.com`), providerEventId: `ev-${first + n}` }));

describe('BouncesFacade.ingest', () => {
  it('lets concurrent callers of a few events share transactions (group commit), each answered with its own outcomes', async () => {
    const { facade, bounces, transactions } = setUp();
    const callers = MAX_CONCURRENT_BATCHES + 3;
    const answers = await Promise.all(Array.from({ length: callers }, (_, n) => facade.ingest(events(2, 2 * n))));
    expect(transactions.transactions).toBe(MAX_CONCURRENT_BATCHES + 1);
    expect(
      answers.map((outcomes) =>
        outcomes.map((outcome) => (outcome.result === 'recorded' ? bounces.rows.find((row) => row.id === outcome.bounceId)?.providerEventId : null)),
      ),
    ).toEqual(Array.from({ length: callers }, (_, n) => [`ev-${2 * n}`, `ev-${2 * n + 1}`]));
  });

  it(`gives a caller of more than ${SHARED_TRANSACTION_MAX_EVENTS} events transactions of its own, even while others ingest`, async () => {
    const { facade, transactions } = setUp();
    const small = Array.from({ length: MAX_CONCURRENT_BATCHES + 2 }, (_, n) => facade.ingest(events(1, n)));
    const large = facade.ingest(events(SHARED_TRANSACTION_MAX_EVENTS + 1, 1000));
    await Promise.all([...small, large]);
    // The small ones: two alone, then the two that waited together; the large one: its own.
    expect(transactions.transactions).toBe(MAX_CONCURRENT_BATCHES + 1 + 1);
    expect((await large).every((outcome) => outcome.result === 'recorded')).toBe(true);
  });
});
