import { EmailAddress } from '../../shared/domain/email-address';
import { aHardBounce } from '../../testing';
import type { DeliveryEvent } from '../domain/delivery-event';
import type { IngestDeliveryEvents, IngestOutcome } from './ingest-delivery-events.use-case';
import { IngestionBatcher, MAX_BATCH_EVENTS, MAX_CONCURRENT_BATCHES } from './ingestion-batcher';

/** An ingestion whose every call waits until the test lets it finish (or fail). */
class HeldIngestion {
  readonly calls: { events: readonly DeliveryEvent[]; finish: () => void; fail: (error: Error) => void }[] = [];
  /** Addresses whose events make a call fail. */
  readonly failing = new Set<string>();

  execute(events: readonly DeliveryEvent[]): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      const outcomes = events.map((event, n): IngestOutcome => ({ result: 'recorded', bounceId: Number(event.providerEventId ?? n), decision: 'suppress' }));
      const finish = () =>
        events.some((event) => this.failing.has(event.email.value)) ? reject(new Error(`cannot store ${events.length} event(s)`)) : resolve(outcomes);
      this.calls.push({ events, finish, fail: reject });
    });
  }
}

const event = (n: number): DeliveryEvent => aHardBounce({ email: EmailAddress.parse(`user${n}@example.com`), providerEventId: String(n) });
const ids = (outcomes: readonly IngestOutcome[]) => outcomes.map((outcome) => (outcome.result === 'recorded' ? outcome.bounceId : null));
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('IngestionBatcher', () => {
  const setUp = () => {
    const ingestion = new HeldIngestion();
    return { ingestion, batcher: new IngestionBatcher(ingestion as unknown as IngestDeliveryEvents) };
  };

  it('ingests a lone caller at once, alone, and answers its outcomes once committed', async () => {
    const { ingestion, batcher } = setUp();
    const answer = batcher.ingest([event(1), event(2)]);
    expect(ingestion.calls.map((call) => call.events.length)).toEqual([2]);
    ingestion.calls[0].finish();
    expect(ids(await answer)).toEqual([1, 2]);
  });

  it(`runs ${MAX_CONCURRENT_BATCHES} ingestions at once; callers that come meanwhile go together next, each answered with its own outcomes`, async () => {
    const { ingestion, batcher } = setUp();
    const first = [batcher.ingest([event(1)]), batcher.ingest([event(2)])];
    const queued = [batcher.ingest([event(3)]), batcher.ingest([event(4), event(5)]), batcher.ingest([event(6)])];
    expect(ingestion.calls.map((call) => call.events.length)).toEqual([1, 1]);

    ingestion.calls[0].finish();
    await settle();
    expect(ingestion.calls.map((call) => call.events.map((e) => e.providerEventId))).toEqual([['1'], ['2'], ['3', '4', '5', '6']]);
    ingestion.calls[1].finish();
    ingestion.calls[2].finish();
    expect(ids(await first[0])).toEqual([1]);
    expect(await Promise.all(queued).then((answers) => answers.map(ids))).toEqual([[3], [4, 5], [6]]);
  });

  it('answers nothing before the ingestion of its events is committed', async () => {
    const { ingestion, batcher } = setUp();
    let answered = false;
    void batcher.ingest([event(1)]).then(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    ingestion.calls[0].finish();
    await settle();
    expect(answered).toBe(true);
  });

  it('when a coalesced ingestion fails, ingests each caller again alone: only the caller whose events fail is refused', async () => {
    const { ingestion, batcher } = setUp();
    ingestion.failing.add('user4@example.com');
    const running = [batcher.ingest([event(1)]), batcher.ingest([event(2)])];
    const good = batcher.ingest([event(3)]);
    const bad = batcher.ingest([event(4)]);
    ingestion.calls[0].finish();
    await settle();
    ingestion.calls[2].finish(); // the coalesced one: 3 and 4 together, which fails
    await settle();
    expect(ingestion.calls.slice(3).map((call) => call.events.map((e) => e.providerEventId))).toEqual([['3'], ['4']]);
    ingestion.calls[3].finish();
    ingestion.calls[4].finish();
    expect(ids(await good)).toEqual([3]);
    await expect(bad).rejects.toThrow('cannot store 1 event(s)');
    ingestion.calls[1].finish();
    await Promise.all(running);
  });

  it(`coalesces at most ${MAX_BATCH_EVENTS} events, and never splits a caller's own`, async () => {
    const { ingestion, batcher } = setUp();
    const many = (from: number, count: number) => Array.from({ length: count }, (_, n) => event(from + n));
    void batcher.ingest([event(0)]);
    void batcher.ingest([event(1)]);
    void batcher.ingest(many(100, MAX_BATCH_EVENTS - 1));
    void batcher.ingest(many(5000, 2));
    void batcher.ingest(many(9000, MAX_BATCH_EVENTS + 5));
    ingestion.calls[0].finish();
    await settle();
    ingestion.calls[1].finish();
    await settle();
    expect(ingestion.calls.map((call) => call.events.length)).toEqual([1, 1, MAX_BATCH_EVENTS - 1, 2]);
    ingestion.calls[2].finish();
    await settle();
    expect(ingestion.calls.map((call) => call.events.length)).toEqual([1, 1, MAX_BATCH_EVENTS - 1, 2, MAX_BATCH_EVENTS + 5]);
  });

  it('answers no events with no outcomes, ingesting nothing', async () => {
    const { ingestion, batcher } = setUp();
    expect(await batcher.ingest([])).toEqual([]);
    expect(ingestion.calls).toEqual([]);
  });
});
