import { entityManagerAnswering } from '../../../../../../test/support/answering-entity-manager';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { Campaign } from '../../domain/campaign';
import { PostgresCampaignRepository } from './postgres-campaign-repository.adapter';

const saved = { id: 'jan', name: 'January', created_at: '2026-01-01T08:00:00.000Z', updated_at: '2026-02-01T08:00:00.000Z', created: false };
const campaignsAnswering = (row: unknown) => new PostgresCampaignRepository(entityManagerAnswering(() => [row]));

describe('PostgresCampaignRepository, reading rows', () => {
  it('reads the saved campaign and whether it was created from the row', async () => {
    expect(await campaignsAnswering(saved).upsert('jan', 'January', new Date())).toEqual({
      campaign: new Campaign('jan', 'January', new Date('2026-01-01T08:00:00Z'), new Date('2026-02-01T08:00:00Z')),
      created: false,
    });
  });

  it.each([
    ['"created" as text', { ...saved, created: 'f' }, 'created'],
    ['no update time', { ...saved, updated_at: null }, 'updated_at'],
  ])('refuses a row with %s, naming the column', async (_case, row, column) => {
    await expect(campaignsAnswering(row).upsert('jan', 'January', new Date())).rejects.toThrow(UnexpectedRowError);
    await expect(campaignsAnswering(row).upsert('jan', 'January', new Date())).rejects.toMatchObject({ column });
  });
});
