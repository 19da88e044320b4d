import { decodeVerpAddress, verpRecipient } from './verp';

const header = (name: string, value: string) => ({ name, value });

describe('VERP', () => {
  it.each([
    ['bounces+alice=example.com@mail.example.net', 'alice@example.com'],
    ['Bounces+Alice.Smith=Example.COM@mail.example.net', 'alice.smith@example.com'],
    ['bounces+a=b=example.com@mail.example.net', 'a=b@example.com'],
    ['bounces+alice+tag=example.com@mail.example.net', 'alice+tag@example.com'],
  ])('decodes %s as %s', (address, recipient) => {
    expect(decodeVerpAddress(address, 'bounces')?.value).toBe(recipient);
  });

  it.each([
    ['bounces@mail.example.net', 'no recipient encoded'],
    ['news+alice=example.com@mail.example.net', 'another prefix'],
    ['bouncesx+alice=example.com@mail.example.net', 'a longer prefix'],
    ['bounces+alice@mail.example.net', 'no domain encoded'],
    ['bounces+alice=@mail.example.net', 'an empty domain'],
    ['bounces+=example.com@mail.example.net', 'an empty local part'],
    ['bounces+alice=example@mail.example.net', 'a domain of one label'],
    ['bounces+al ice=example.com@mail.example.net', 'a space'],
  ])('ignores %s (%s)', (address) => {
    expect(decodeVerpAddress(address, 'bounces')).toBeNull();
  });

  it('takes the first envelope header that decodes, Delivered-To before To', () => {
    const headers = [
      header('to', 'bounces+carol=example.org@mail.example.net'),
      header('delivered-to', 'postmaster@mail.example.net'),
      header('delivered-to', 'bounces+alice=example.com@mail.example.net'),
      header('x-original-to', 'bounces+bob=example.com@mail.example.net'),
    ];
    expect(verpRecipient(headers, [], 'bounces')?.value).toBe('alice@example.com');
  });

  it('reads a VERP address in angle brackets with a display name', () => {
    expect(verpRecipient([header('to', 'Bounces <bounces+alice=example.com@mail.example.net>')], [], 'bounces')?.value).toBe('alice@example.com');
  });

  it("falls back to the returned message's Return-Path", () => {
    const returned = [header('return-path', '<bounces+alice=example.com@mail.example.net>')];
    expect(verpRecipient([header('to', 'fbl@example.net')], returned, 'bounces')?.value).toBe('alice@example.com');
  });

  it('finds nothing when no header decodes', () => {
    expect(verpRecipient([header('to', 'bounces@mail.example.net')], [], 'bounces')).toBeNull();
  });
});
