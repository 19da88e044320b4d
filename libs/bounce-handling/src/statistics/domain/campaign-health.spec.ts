import { campaignHealth, isAlertCrossing, MIN_VOLUME_FOR_HEALTH } from './campaign-health';
import { type DeliveryFigures, NO_FIGURES } from './delivery-figures';

const figures = (fields: Partial<DeliveryFigures>): DeliveryFigures => ({ ...NO_FIGURES, ...fields });

describe('campaignHealth', () => {
  it.each([
    ['no figures at all', {}, 'ok'],
    ['a bounce rate just under 5 %', { sent: 1000, hard: 49 }, 'ok'],
    ['a bounce rate of exactly 5 %', { sent: 1000, hard: 50 }, 'warning'],
    ['a bounce rate just under 10 %', { sent: 1000, hard: 60, soft: 39 }, 'warning'],
    ['a bounce rate of exactly 10 %', { sent: 1000, hard: 60, soft: 40 }, 'critical'],
    ['sender blocks counted in the bounce rate', { sent: 1000, senderBlocks: 50 }, 'warning'],
    ['complaints just under 0.1 %', { sent: 10_000, complaint: 9 }, 'ok'],
    ['complaints of exactly 0.1 %', { sent: 10_000, complaint: 10 }, 'warning'],
    ['complaints just under 0.5 %', { sent: 10_000, complaint: 49 }, 'warning'],
    ['complaints of exactly 0.5 %', { sent: 10_000, complaint: 50 }, 'critical'],
    ['the worse of the two: bounces ok, complaints critical', { sent: 1000, hard: 10, complaint: 5 }, 'critical'],
    ['one bounce of two messages (under the minimum volume)', { sent: 2, hard: 1 }, 'ok'],
    ['every message bounced, one short of the minimum volume', { sent: MIN_VOLUME_FOR_HEALTH - 1, hard: MIN_VOLUME_FOR_HEALTH - 1 }, 'ok'],
    ['every message bounced, at the minimum volume', { sent: MIN_VOLUME_FOR_HEALTH, hard: 10 }, 'critical'],
    ['no sends known: rates over the reported outcomes', { delivered: 94, hard: 6 }, 'warning'],
    ['no sends known, too few reports', { delivered: 10, hard: 10 }, 'ok'],
  ])('is %s → %s', (_case, fields: Partial<DeliveryFigures>, status) => {
    expect(campaignHealth(figures(fields)).status).toBe(status);
  });

  it('gives no advice when all is well', () => {
    expect(campaignHealth(figures({ sent: 1000, hard: 1 })).advice).toEqual([]);
  });

  it('advises cleaning the list, double opt-in and verifying addresses at collection on a high bounce rate', () => {
    const { advice } = campaignHealth(figures({ sent: 1000, hard: 60 }));
    expect(advice.join('\n')).toMatch(/Clean your list/);
    expect(advice.join('\n')).toMatch(/double opt-in/);
    expect(advice.join('\n')).toMatch(/Verify addresses where you collect them/);
    expect(advice.join('\n')).not.toMatch(/Pause the campaign/);
  });

  it('says more on complaints, and to pause when critical', () => {
    const { advice } = campaignHealth(figures({ sent: 1000, complaint: 5 }));
    expect(advice.join('\n')).toMatch(/unsubscribe/);
    expect(advice.join('\n')).toMatch(/Pause the campaign/);
  });

  it('names the sender’s own setup when receivers refused the sender', () => {
    expect(campaignHealth(figures({ sent: 1000, senderBlocks: 60 })).advice.join('\n')).toMatch(/SPF, DKIM and DMARC/);
  });
});

describe('isAlertCrossing', () => {
  it.each([
    ['ok', 'ok', false],
    ['ok', 'warning', true],
    ['ok', 'critical', true],
    ['warning', 'warning', false],
    ['warning', 'critical', true],
    ['warning', 'ok', false],
    ['critical', 'critical', false],
    ['critical', 'warning', false],
    ['critical', 'ok', false],
  ] as const)('%s → %s is %s', (previous, current, crossing) => {
    expect(isAlertCrossing(previous, current)).toBe(crossing);
  });
});
