import { EmailAddress, InvalidEmailAddressError } from './email-address';

describe('EmailAddress', () => {
  it.each([
    ['  John.Doe@Example.COM ', 'john.doe@example.com'],
    ['a+tag@sub.example.co.uk', 'a+tag@sub.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['user@xn--bcher-kva.example', 'user@xn--bcher-kva.example'],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
    [`a@${'b'.repeat(63)}.com`, `a@${'b'.repeat(63)}.com`],
    ['a-b@c-d.e-f.g1', 'a-b@c-d.e-f.g1'],
  ])('normalises %p to %p', (input, expected) => {
    expect(EmailAddress.parse(input).value).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['no-at-sign.example.com'],
    ['@example.com'],
    ['user@'],
    ['user@localhost'],
    ['user@@example.com'],
    ['us er@example.com'],
    ['user@exa mple.com'],
    ['user@-example.com'],
    ['user@example-.com'],
    ['.user@example.com'],
    ['user.@example.com'],
    ['us..er@example.com'],
    ['"quoted"@example.com'],
    ['user@example.com\u0000'],
    ['user\n@example.com'],
    ['ü@example.com'],
    [`${'a'.repeat(65)}@example.com`],
    [`a@${'b'.repeat(250)}.com`],
    [`a@${'b'.repeat(64)}.com`],
    ['user@example..com'],
    ['user@.example.com'],
    ['user@example.com.'],
    ['user@ex_ample.com'],
    ['user@example.c-'],
  ])('refuses %p', (input) => {
    expect(() => EmailAddress.parse(input)).toThrow(InvalidEmailAddressError);
    expect(EmailAddress.isValid(input)).toBe(false);
  });

  it('answers null from tryParse where parse throws, and the same address where it does not', () => {
    expect(EmailAddress.tryParse(' A@Example.com ')?.value).toBe('a@example.com');
    expect(EmailAddress.tryParse('not an address')).toBeNull();
    expect(EmailAddress.tryParse(42 as unknown as string)).toBeNull();
  });

  it('refuses a value that is not a string', () => {
    expect(EmailAddress.isValid(42 as unknown as string)).toBe(false);
  });
});

describe('EmailAddress.fromProvider', () => {
  it.each([
    ['Recipient@Example.com', 'recipient@example.com'],
    ['invalid@invalid', 'invalid@invalid'],
    ['"quoted local"@example.com'.replace(' ', ''), '"quotedlocal"@example.com'],
    [' padded@example.com ', 'padded@example.com'],
    ['x\udfff@example.com', 'x\ufffd@example.com'],
  ])('accepts %p as %p', (input, expected) => {
    expect(EmailAddress.fromProvider(input)?.value).toBe(expected);
  });

  it.each([
    [''],
    ['no-at'],
    ['@example.com'],
    ['user@'],
    ['us er@example.com'],
    ['user@exa\u0000mple.com'],
    [`${'a'.repeat(250)}@example.com`],
    [42],
    [null],
    [{}],
  ])('refuses %p', (input) => {
    expect(EmailAddress.fromProvider(input)).toBeNull();
  });
});
