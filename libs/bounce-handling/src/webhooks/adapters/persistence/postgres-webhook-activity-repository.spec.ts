import { entityManagerAnswering } from '../../../../../../test/support/answering-entity-manager';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { PostgresWebhookActivityRepository } from './postgres-webhook-activity-repository.adapter';

/** A row of webhook_activity as `pg` gives it: bigint counts as text. */
const stored = {
  provider: 'mailgun',
  accepted: '3',
  refused: '1',
  last_accepted_at: '2026-03-01T10:00:00.000Z',
  last_refused_at: '2026-03-01T10:00:01.000Z',
  last_refusal_reason: 'bad_signature',
  last_refusal_status: 401,
  last_refusal_message: 'The Mailgun signature does not match',
};
const activityAnswering = (row: unknown) => new PostgresWebhookActivityRepository(entityManagerAnswering(() => [row]));

describe('PostgresWebhookActivityRepository, reading rows', () => {
  it("reads a provider's activity from its row", async () => {
    expect(await activityAnswering(stored).findAll()).toEqual([
      {
        provider: 'mailgun',
        accepted: 3,
        refused: 1,
        lastAcceptedAt: new Date('2026-03-01T10:00:00Z'),
        lastRefusedAt: new Date('2026-03-01T10:00:01Z'),
        lastRefusal: { reason: 'bad_signature', status: 401, message: 'The Mailgun signature does not match' },
      },
    ]);
  });

  it.each([
    ['a provider outside the vocabulary', { ...stored, provider: 'carrier-pigeon' }, 'provider'],
    ['a refusal reason outside the vocabulary', { ...stored, last_refusal_reason: 'teapot' }, 'last_refusal_reason'],
    ['a count that is no integer', { ...stored, accepted: '3.5' }, 'accepted'],
    ['a status given as text of no number', { ...stored, last_refusal_status: 'unauthorized' }, 'last_refusal_status'],
  ])('refuses a row with %s, naming the column', async (_case, row, column) => {
    await expect(activityAnswering(row).findAll()).rejects.toThrow(UnexpectedRowError);
    await expect(activityAnswering(row).findAll()).rejects.toMatchObject({ column });
  });
});
