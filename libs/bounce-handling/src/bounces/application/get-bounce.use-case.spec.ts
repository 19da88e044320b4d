import { InMemoryBounceRepository } from '../../testing';
import { BounceNotFoundError } from '../domain/bounce.errors';
import { GetBounce } from './get-bounce.use-case';

describe('GetBounce', () => {
  it('answers one bounce with the raw event as stored', async () => {
    const bounces = new InMemoryBounceRepository();
    const raw = { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } };
    const [id] = await bounces.addAll([
      {
        email: 'a@example.com',
        bounceType: 'hard',
        bounceSubtype: 'General',
        diagnosticCode: '550 5.1.1',
        cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: 'mx.example.com' },
        source: 'ses',
        subscriberId: null,
        campaignId: null,
        providerMessageId: 'm-1',
        providerEventId: 'e-1',
        createdAt: new Date('2026-01-10T12:00:00Z'),
        rawPayload: raw,
      },
    ]);
    expect(await new GetBounce(bounces).execute(id as number)).toMatchObject({ id, providerEventId: 'e-1', rawPayload: raw });
  });

  it('refuses an unknown id as not found, naming it', async () => {
    await expect(new GetBounce(new InMemoryBounceRepository()).execute(7)).rejects.toThrow(new BounceNotFoundError(7));
    await expect(new GetBounce(new InMemoryBounceRepository()).execute(7)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No bounce with id 7' });
  });
});
