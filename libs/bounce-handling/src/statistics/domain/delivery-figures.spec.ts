import { type DeliveryFigures, deliveryRates, NO_FIGURES, outcomesOf } from './delivery-figures';

const figures = (fields: Partial<DeliveryFigures>): DeliveryFigures => ({ ...NO_FIGURES, ...fields });

describe('deliveryRates', () => {
  it.each([
    ['over sent when sends are known', { sent: 1000, delivered: 900, hard: 40, soft: 15, senderBlocks: 5, complaint: 2 }, 0.06, 0.002, 'sent'],
    ['over the reported outcomes when no send is known', { delivered: 90, hard: 5, soft: 3, complaint: 2 }, 0.08, 0.02, 'reported'],
    ['null when there is nothing to divide by', {}, null, null, null],
    ['to four places', { sent: 3, hard: 1 }, 0.3333, 0, 'sent'],
    ['with sender blocks in the bounce rate', { sent: 100, senderBlocks: 7 }, 0.07, 0, 'sent'],
  ])('are %s', (_case, fields: Partial<DeliveryFigures>, bounceRate, complaintRate, rateBasis) => {
    expect(deliveryRates(figures(fields))).toEqual({ bounceRate, complaintRate, rateBasis });
  });

  it('take the basis of other figures when told (a reason over its bucket)', () => {
    expect(deliveryRates(figures({ hard: 30 }), figures({ sent: 1000, hard: 50 }))).toEqual({ bounceRate: 0.03, complaintRate: 0, rateBasis: 'sent' });
  });
});

describe('outcomesOf', () => {
  it.each([
    ['nothing', {}, 0],
    ['sends and every report, sender blocks included', { sent: 100, delivered: 90, hard: 4, soft: 3, complaint: 2, senderBlocks: 1 }, 200],
    ['reports without sends', { delivered: 5, complaint: 1 }, 6],
  ])('counts %s', (_case, fields: Partial<DeliveryFigures>, outcomes) => {
    expect(outcomesOf(figures(fields))).toBe(outcomes);
  });
});
