import { aComplaint, aHardBounce, aSenderBlock, aSoftBounce } from '../../testing/delivery-event.mother';
import { classifyBounce } from './bounce-classification/bounce-classifier';
import { bounceCause, bounceTypeOf, type BounceEvent, type ComplaintEvent, isSenderBlock } from './delivery-event';

describe('delivery events', () => {
  it.each<[string, 'hard' | 'soft' | 'complaint', boolean, BounceEvent | ComplaintEvent]>([
    ['a hard bounce', 'hard', false, aHardBounce()],
    ['a soft bounce', 'soft', false, aSoftBounce()],
    ['a complaint', 'complaint', false, aComplaint()],
    ["a provider's refusal of the sender that it called hard", 'soft', true, aSenderBlock({ bounceType: 'hard' })],
    ["a provider's refusal of the sender that it called soft", 'soft', true, aSenderBlock()],
    ['a hard bounce recorded through the API whose diagnostic blames the sender', 'hard', false, aSenderBlock({ source: 'api', bounceType: 'hard' })],
    [
      'a hard bounce whose cause is undetermined',
      'hard',
      false,
      aHardBounce({ classification: { reason: 'undetermined', category: 'undetermined', status: null, remoteMta: null } }),
    ],
  ])('stores %s as %p (a refusal of the sender: %p)', (_event, type, senderBlock, event) => {
    expect(bounceTypeOf(event)).toBe(type);
    if (event.kind === 'bounce') expect(isSenderBlock(event)).toBe(senderBlock);
  });

  it("takes a bounce's cause from the classifier, with the server that answered", () => {
    const classification = classifyBounce({ diagnostic: '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in virtual mailbox table' });
    expect(bounceCause(classification, 'mx.example.com')).toEqual({
      reason: 'user_unknown',
      category: 'recipient',
      status: '5.1.1',
      remoteMta: 'mx.example.com',
    });
    expect(bounceCause(classification).remoteMta).toBeNull();
  });
});
