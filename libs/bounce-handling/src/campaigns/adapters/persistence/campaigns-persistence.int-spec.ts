import { openTestOrm, type TestOrm } from '../../../../../../test/support/test-orm';
import { Campaign } from '../../domain/campaign';
import { PostgresCampaignRepository } from './postgres-campaign-repository.adapter';

describe('campaigns persistence on PostgreSQL', () => {
  let db: TestOrm;
  let campaigns: PostgresCampaignRepository;
  const jan = new Date('2026-01-01T08:00:00Z');
  const feb = new Date('2026-02-01T08:00:00Z');

  beforeAll(async () => {
    db = await openTestOrm();
    campaigns = new PostgresCampaignRepository(db.orm.em);
  });

  beforeEach(async () => {
    await db.sql('truncate campaigns');
  });

  afterAll(async () => {
    await db.close();
  });

  describe('PostgresCampaignRepository', () => {
    it('creates a campaign and says so', async () => {
      expect(await campaigns.upsert('newsletter-2026-01', 'January Newsletter', jan)).toEqual({
        campaign: new Campaign('newsletter-2026-01', 'January Newsletter', jan, jan),
        created: true,
      });
      const rows = await db.sql('select id, name from campaigns');
      expect(rows).toEqual([{ id: 'newsletter-2026-01', name: 'January Newsletter' }]);
    });

    it('renames an existing campaign, keeping its creation time, and says it was not created', async () => {
      await campaigns.upsert('newsletter-2026-01', 'January', jan);
      expect(await campaigns.upsert('newsletter-2026-01', 'January Newsletter', feb)).toEqual({
        campaign: new Campaign('newsletter-2026-01', 'January Newsletter', jan, feb),
        created: false,
      });
      expect(await db.sql('select count(*)::int as n from campaigns')).toEqual([{ n: 1 }]);
    });

    it('keeps the update time when the name does not change', async () => {
      await campaigns.upsert('newsletter-2026-01', 'January', jan);
      expect((await campaigns.upsert('newsletter-2026-01', 'January', feb)).campaign.updatedAt).toEqual(jan);
    });

    it('creates a campaign exactly once when ten requests for a new id race', async () => {
      const saved = await Promise.all(Array.from({ length: 10 }, (_, n) => campaigns.upsert('race', `Name ${n}`, jan)));
      expect(saved.filter((result) => result.created)).toHaveLength(1);
      expect(await db.sql('select count(*)::int as n from campaigns')).toEqual([{ n: 1 }]);
    });

    it('stores names with any characters as they are', async () => {
      const name = 'L\'été 2026 — "Soldes" \\ 100 % ?';
      await campaigns.upsert('summer', name, jan);
      expect(await db.sql('select name from campaigns')).toEqual([{ name }]);
    });
  });
});
