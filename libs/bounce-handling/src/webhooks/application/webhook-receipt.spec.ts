import { webhookReceipt } from './webhook-receipt';

describe('webhookReceipt', () => {
  it('counts recorded and duplicate events, and everything else received as ignored', () => {
    expect(
      webhookReceipt(5, [
        { result: 'recorded', bounceId: 1, decision: 'suppress' },
        { result: 'duplicate' },
        { result: 'applied', decision: 'reset' },
        { result: 'recorded', bounceId: 2, decision: 'count-soft' },
      ]),
    ).toEqual({ received: 5, recorded: 2, duplicates: 1, ignored: 2 });
  });

  it('is all zeros for a request that carried no report', () => {
    expect(webhookReceipt(0, [])).toEqual({ received: 0, recorded: 0, duplicates: 0, ignored: 0 });
  });

  it('counts a report the mapper set aside as ignored', () => {
    expect(webhookReceipt(1, [])).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
  });
});
