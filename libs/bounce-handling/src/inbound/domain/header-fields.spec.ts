import { addressesIn, messageIdOf, parseFieldGroups, parseHeaderBlock } from './header-fields';

describe('header fields', () => {
  it('reads a header block up to its first blank line, unfolding continuation lines and naming fields in lower case', () => {
    const headers = parseHeaderBlock('From: News <news@example.net>\r\nSubject: Winter\r\n\tsale\r\nX-Campaign-Id: 42\r\n\r\nBody: not a field\r\n');
    expect(headers).toEqual([
      { name: 'from', value: 'News <news@example.net>' },
      { name: 'subject', value: 'Winter sale' },
      { name: 'x-campaign-id', value: '42' },
    ]);
  });

  it('reads RFC 3464 field groups separated by blank lines, with folded diagnostics', () => {
    const groups = parseFieldGroups(
      [
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; alice@example.com',
        'Diagnostic-Code: smtp; 550 5.1.1 <alice@example.com>: Recipient address',
        '    rejected: User unknown',
        '',
        '',
        'Final-Recipient: rfc822; bob@example.com',
        'Action: failed',
      ].join('\n'),
      10,
    );
    expect(groups).toHaveLength(3);
    expect(groups[1]).toContainEqual({ name: 'diagnostic-code', value: 'smtp; 550 5.1.1 <alice@example.com>: Recipient address rejected: User unknown' });
    expect(groups[2]).toEqual([
      { name: 'final-recipient', value: 'rfc822; bob@example.com' },
      { name: 'action', value: 'failed' },
    ]);
  });

  it('stops reading at the number of groups asked for', () => {
    const text = Array.from({ length: 50 }, (_, n) => `Final-Recipient: rfc822; u${n}@example.com\n`).join('\n');
    expect(parseFieldGroups(text, 7)).toHaveLength(7);
  });

  it('skips lines that are no field', () => {
    expect(parseFieldGroups('not a field\n: empty name\nAction: failed\n', 5)).toEqual([[{ name: 'action', value: 'failed' }]]);
  });

  it('reads a Message-ID without its angle brackets', () => {
    expect(messageIdOf(' <20261203.1A2B@mx.example.net> ')).toBe('20261203.1A2B@mx.example.net');
    expect(messageIdOf('<>')).toBeNull();
    expect(messageIdOf(null)).toBeNull();
  });

  it('finds the addresses of a header value, in angle brackets first', () => {
    expect(addressesIn('"Smith, Alice" <alice@example.com>, Bob <bob@example.com>')).toEqual(['alice@example.com', 'bob@example.com']);
    expect(addressesIn('alice@example.com (Alice)')).toEqual(['alice@example.com']);
    expect(addressesIn('undisclosed-recipients:;')).toEqual([]);
  });
});
