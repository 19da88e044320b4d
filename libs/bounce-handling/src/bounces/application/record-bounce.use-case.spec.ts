import { NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import { InvalidCampaignIdError } from '../../shared/domain/campaign-id';
import { InvalidEmailAddressError } from '../../shared/domain/email-address';
import { FixedClock, inMemoryIngestion } from '../../testing';
import { IngestionBatcher, MAX_CONCURRENT_BATCHES } from './ingestion-batcher';
import { RecordBounce } from './record-bounce.use-case';

/** The fixed clock's time. */
const NOW = new FixedClock().now();

function setUp() {
  const { ingest, addresses, bounces, transactions } = inMemoryIngestion();
  return { recordBounce: new RecordBounce(new IngestionBatcher(ingest)), ingest, addresses, bounces, transactions };
}

describe('RecordBounce', () => {
  it('records an API bounce with source api, the normalised address and its details', async () => {
    const { recordBounce, bounces } = setUp();
    const { bounceId } = await recordBounce.execute({
      email: ' Invalid@Example.com',
      bounceType: 'hard',
      bounceSubtype: 'NoEmail',
      diagnosticCode: '550 5.1.1',
      campaignId: 'jan',
    });
    expect(bounceId).toBe(1);
    expect(bounces.rows[0]).toMatchObject({
      email: 'invalid@example.com',
      source: 'api',
      bounceType: 'hard',
      bounceSubtype: 'NoEmail',
      diagnosticCode: '550 5.1.1',
      campaignId: 'jan',
      providerEventId: null,
    });
  });

  it('records a complaint as a complaint and unsubscribes the address', async () => {
    const { recordBounce, bounces, addresses } = setUp();
    await recordBounce.execute({ email: 'a@example.com', bounceType: 'complaint', bounceSubtype: null, diagnosticCode: '5.7.1', campaignId: null });
    expect(bounces.rows[0]).toMatchObject({ bounceType: 'complaint', diagnosticCode: null });
    expect(addresses.stateOf('a@example.com')?.status).toBe('unsubscribed');
  });

  describe("keeps the caller's type: the diagnostic's cause is for reporting only (docs/policy.md, rule 13)", () => {
    const blocked = '550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org';

    it('suppresses the address on a hard bounce whose diagnostic blames the sender', async () => {
      const { recordBounce, addresses, bounces } = setUp();
      await recordBounce.execute({ email: 'a@example.com', bounceType: 'hard', bounceSubtype: null, diagnosticCode: blocked, campaignId: null });
      expect(bounces.rows[0]).toMatchObject({
        bounceType: 'hard',
        diagnosticCode: blocked,
        cause: { reason: 'blocked', category: 'sender', status: '5.7.1', remoteMta: null },
      });
      expect(addresses.stateOf('a@example.com')).toMatchObject({ status: 'bounced', suppressedBy: 'hard-bounce' });
    });

    it('counts a soft bounce whose diagnostic blames the sender', async () => {
      const { recordBounce, addresses } = setUp();
      await recordBounce.execute({ email: 'a@example.com', bounceType: 'soft', bounceSubtype: null, diagnosticCode: blocked, campaignId: null });
      expect(addresses.stateOf('a@example.com')).toMatchObject({ status: 'active', consecutiveSoftBounces: 1 });
    });

    it('gives the recorded event the cause that the classifier reads in the diagnostic', async () => {
      const { recordBounce, ingest } = setUp();
      const execute = jest.spyOn(ingest, 'execute');
      await recordBounce.execute({ email: 'a@example.com', bounceType: 'hard', bounceSubtype: null, diagnosticCode: blocked, campaignId: null });
      await recordBounce.execute({ email: 'b@example.com', bounceType: 'soft', bounceSubtype: null, diagnosticCode: null, campaignId: null });
      expect(execute.mock.calls.map(([[event]]) => (event.kind === 'bounce' ? event.classification : null))).toEqual([
        { reason: 'blocked', category: 'sender', status: '5.7.1', remoteMta: null },
        { reason: 'undetermined', category: 'undetermined', status: null, remoteMta: null },
      ]);
    });
  });

  it('records each API report, even identical ones, since the API gives no event id', async () => {
    const { recordBounce, bounces, addresses } = setUp();
    const command = { email: 'a@example.com', bounceType: 'soft' as const, bounceSubtype: null, diagnosticCode: null, campaignId: null };
    await recordBounce.execute(command);
    await recordBounce.execute(command);
    expect(bounces.rows).toHaveLength(2);
    expect(addresses.stateOf('a@example.com')).toEqual({ ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2, softBounceTimes: [NOW, NOW], lastBounceAt: NOW });
  });

  it('stores a campaign id by the rule of every campaign id: the number 42 as "42", text trimmed', async () => {
    const { recordBounce, bounces } = setUp();
    await recordBounce.execute({ email: 'a@example.com', bounceType: 'hard', bounceSubtype: null, diagnosticCode: null, campaignId: 42 });
    await recordBounce.execute({ email: 'b@example.com', bounceType: 'hard', bounceSubtype: null, diagnosticCode: null, campaignId: ' 42 ' });
    expect(bounces.rows.map((row) => row.campaignId)).toEqual(['42', '42']);
  });

  it.each<[string, string | number]>([
    ['over 100 characters (never cut to another id)', 'c'.repeat(101)],
    ['not of the allowed characters', 'my campaign'],
    ['a negative number', -1],
  ])('refuses a campaign id %s, recording nothing', async (_case, campaignId) => {
    const { recordBounce, bounces } = setUp();
    await expect(recordBounce.execute({ email: 'a@example.com', bounceType: 'hard', bounceSubtype: null, diagnosticCode: null, campaignId })).rejects.toThrow(
      InvalidCampaignIdError,
    );
    expect(bounces.rows).toEqual([]);
  });

  it('records concurrent API bounces in shared transactions (group commit), each answered with its own bounce', async () => {
    const { recordBounce, bounces, transactions } = setUp();
    const callers = MAX_CONCURRENT_BATCHES + 3;
    const answers = await Promise.all(
      Array.from({ length: callers }, (_, n) =>
        recordBounce.execute({ email: `user${n}@example.com`, bounceType: 'hard', bounceSubtype: null, diagnosticCode: null, campaignId: null }),
      ),
    );
    // The first ingestions go at once, alone; the callers that came meanwhile go together next.
    expect(transactions.transactions).toBe(MAX_CONCURRENT_BATCHES + 1);
    expect(answers.map(({ bounceId }) => bounces.rows.find((row) => row.id === bounceId)?.email)).toEqual(
      Array.from({ length: callers }, (_, n) => `user${n}@example.com`),
    );
  });

  it('refuses an invalid address', async () => {
    const { recordBounce } = setUp();
    await expect(recordBounce.execute({ email: 'nope', bounceType: 'hard', bounceSubtype: null, diagnosticCode: null, campaignId: null })).rejects.toThrow(
      InvalidEmailAddressError,
    );
  });
});
