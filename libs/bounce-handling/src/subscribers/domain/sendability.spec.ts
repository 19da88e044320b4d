import { sendabilityOf, unparsableAddress } from './sendability';

describe('sendability', () => {
  it.each([
    ['an active address may be mailed', 'active', { email: 'a@example.com', sendable: true, reason: null }],
    ['a bounced address may not be mailed', 'bounced', { email: 'a@example.com', sendable: false, reason: 'bounced' }],
    ['an unsubscribed address may not be mailed', 'unsubscribed', { email: 'a@example.com', sendable: false, reason: 'unsubscribed' }],
  ] as const)('%s', (_behaviour, status, expected) => {
    expect(sendabilityOf('a@example.com', status)).toEqual(expected);
  });

  it('never mails an address it cannot parse, and names it normalised', () => {
    expect(unparsableAddress('  Not An Address ')).toEqual({ email: 'not an address', sendable: false, reason: 'invalid_address' });
  });

  it('names a value that is not even a string as it was given', () => {
    expect(unparsableAddress(42 as unknown as string)).toEqual({ email: '42', sendable: false, reason: 'invalid_address' });
  });
});
