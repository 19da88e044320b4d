import { CampaignId, InvalidCampaignIdError, MAX_CAMPAIGN_ID_LENGTH } from './campaign-id';

describe('CampaignId', () => {
  it.each<[string, unknown, string]>([
    ['text', 'newsletter-2026-01', 'newsletter-2026-01'],
    ['every character allowed', 'Az09._:-', 'Az09._:-'],
    ['digits as text, kept as given', '007', '007'],
    ['text with blanks around', '  jan-2026\t', 'jan-2026'],
    ['an integer', 42, '42'],
    ['zero', 0, '0'],
    ['minus zero', -0, '0'],
    ['the largest safe integer', Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [`${MAX_CAMPAIGN_ID_LENGTH} characters`, 'c'.repeat(MAX_CAMPAIGN_ID_LENGTH), 'c'.repeat(MAX_CAMPAIGN_ID_LENGTH)],
  ])('reads %s (%p) as %p', (_case, input, expected) => {
    expect(CampaignId.parse(input).value).toBe(expected);
    expect(CampaignId.tryParse(input)?.value).toBe(expected);
  });

  it.each<[string, unknown]>([
    [`${MAX_CAMPAIGN_ID_LENGTH + 1} characters (refused, never cut to another id)`, 'c'.repeat(MAX_CAMPAIGN_ID_LENGTH + 1)],
    ['an empty string', ''],
    ['blanks only', '   '],
    ['inner spaces', 'my campaign'],
    ['a slash', 'jan/2026'],
    ['a NUL character', 'jan\u0000'],
    ['a letter outside ASCII', 'jänner'],
    ['a negative integer', -1],
    ['a fraction', 4.2],
    ['an integer past the safe range (it would read as another id)', 2 ** 53],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a boolean', true],
    ['an object', { id: 'jan' }],
    ['an array', ['jan']],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', BigInt(42)],
  ])('refuses %s', (_case, input) => {
    expect(CampaignId.tryParse(input)).toBeNull();
    expect(() => CampaignId.parse(input)).toThrow(InvalidCampaignIdError);
  });

  it('says which rule a refused value breaks: the characters of text, the range of anything else', () => {
    expect(new InvalidCampaignIdError('my campaign').message).toBe('must be 1 to 100 letters, digits, ".", "_", ":" or "-"');
    expect(new InvalidCampaignIdError(-1).message).toBe('must be a string, or an integer from 0 to 9007199254740991');
    expect(new InvalidCampaignIdError(true).message).toBe('must be a string, or an integer from 0 to 9007199254740991');
    expect(new InvalidCampaignIdError('x').code).toBe('VALIDATION_ERROR');
  });

  it('compares by value: the number 42 and the text "42" are one campaign', () => {
    expect(CampaignId.parse(42).equals(CampaignId.parse(' 42 '))).toBe(true);
    expect(CampaignId.parse(7).equals(CampaignId.parse('007'))).toBe(false);
    expect(String(CampaignId.parse(42))).toBe('42');
  });
});
