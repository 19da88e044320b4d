import { FixedClock, InMemoryCampaignRepository } from '../../testing';
import { Campaign } from '../domain/campaign';
import { SaveCampaign } from './save-campaign.use-case';

describe('SaveCampaign', () => {
  const jan = new Date('2026-01-01T08:00:00Z');
  const feb = new Date('2026-02-01T08:00:00Z');
  let clock: FixedClock;
  let campaigns: InMemoryCampaignRepository;
  let saveCampaign: SaveCampaign;

  beforeEach(() => {
    clock = new FixedClock(jan);
    campaigns = new InMemoryCampaignRepository();
    saveCampaign = new SaveCampaign(campaigns, clock);
  });

  it('creates a campaign that does not exist, stamped with the current time', async () => {
    expect(await saveCampaign.execute({ id: 'newsletter-2026-01', name: 'January Newsletter' })).toEqual({
      campaign: new Campaign('newsletter-2026-01', 'January Newsletter', jan, jan),
      created: true,
    });
    expect(campaigns.campaigns.get('newsletter-2026-01')?.name).toBe('January Newsletter');
  });

  it('renames an existing campaign, keeping its creation time', async () => {
    await saveCampaign.execute({ id: 'newsletter-2026-01', name: 'January' });
    clock.current = feb;
    expect(await saveCampaign.execute({ id: 'newsletter-2026-01', name: 'January Newsletter' })).toEqual({
      campaign: new Campaign('newsletter-2026-01', 'January Newsletter', jan, feb),
      created: false,
    });
  });

  it('changes nothing when the name is the same', async () => {
    await saveCampaign.execute({ id: 'newsletter-2026-01', name: 'January' });
    clock.current = feb;
    const saved = await saveCampaign.execute({ id: 'newsletter-2026-01', name: 'January' });
    expect(saved).toEqual({ campaign: new Campaign('newsletter-2026-01', 'January', jan, jan), created: false });
  });
});
