import { checkEndpointUrl, checkResolvedAddresses, isPublicAddress, MAX_ENDPOINT_URL_LENGTH } from './endpoint-url';

const STRICT = { allowInsecure: false };
const INSECURE = { allowInsecure: true };

describe('checkEndpointUrl', () => {
  it.each([
    ['an https URL with a host name', 'https://hooks.example.com/mailpass', 'https://hooks.example.com/mailpass', 'hooks.example.com', null],
    ['an https URL with a port and a query', 'https://hooks.example.com:8443/in?x=1', 'https://hooks.example.com:8443/in?x=1', 'hooks.example.com', null],
    ['a public IPv4 address', 'https://93.184.216.34/hook', 'https://93.184.216.34/hook', '93.184.216.34', '93.184.216.34'],
    ['a public IPv6 address', 'https://[2606:2800:220:1::1]/hook', 'https://[2606:2800:220:1::1]/hook', '2606:2800:220:1::1', '2606:2800:220:1::1'],
  ])('accepts %s', (_, raw, url, host, address) => {
    expect(checkEndpointUrl(raw, STRICT)).toEqual({ ok: true, url, host, address });
  });

  it.each([
    ['plain http', 'http://hooks.example.com', 'not-https'],
    ['another scheme', 'ftp://hooks.example.com', 'not-https'],
    ['javascript:', 'javascript:alert(1)', 'not-https'],
    ['a relative URL', '/hooks', 'not-a-url'],
    ['not a URL', 'hooks example', 'not-a-url'],
    ['a user name', 'https://user@hooks.example.com', 'credentials'],
    ['a user and password', 'https://user:secret@hooks.example.com', 'credentials'],
    ['loopback IPv4', 'https://127.0.0.1/', 'not-public'],
    ['a decimal IPv4 for loopback', 'https://2130706433/', 'not-public'],
    ['a hexadecimal IPv4 for loopback', 'https://0x7f.0.0.1/', 'not-public'],
    ['a private IPv4 (10/8)', 'https://10.1.2.3/', 'not-public'],
    ['a private IPv4 (172.16/12)', 'https://172.31.255.1/', 'not-public'],
    ['a private IPv4 (192.168/16)', 'https://192.168.0.10/', 'not-public'],
    ['the metadata service (link-local)', 'https://169.254.169.254/latest', 'not-public'],
    ['CGNAT', 'https://100.64.0.1/', 'not-public'],
    ['multicast', 'https://224.0.0.1/', 'not-public'],
    ['the unspecified IPv4', 'https://0.0.0.0/', 'not-public'],
    ['loopback IPv6', 'https://[::1]/', 'not-public'],
    ['the unspecified IPv6', 'https://[::]/', 'not-public'],
    ['an IPv6 unique-local address', 'https://[fd12:3456::1]/', 'not-public'],
    ['an IPv6 link-local address', 'https://[fe80::1]/', 'not-public'],
    ['an IPv4-mapped private address', 'https://[::ffff:10.0.0.1]/', 'not-public'],
    ['an IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/', 'not-public'],
  ])('refuses %s', (_, raw, problem) => {
    expect(checkEndpointUrl(raw, STRICT)).toMatchObject({ ok: false, problem });
  });

  it('refuses a URL longer than the limit, and accepts one at the limit', () => {
    const base = 'https://hooks.example.com/';
    expect(checkEndpointUrl(base + 'a'.repeat(MAX_ENDPOINT_URL_LENGTH - base.length), STRICT)).toMatchObject({ ok: true });
    expect(checkEndpointUrl(base + 'a'.repeat(MAX_ENDPOINT_URL_LENGTH - base.length + 1), STRICT)).toMatchObject({ ok: false, problem: 'too-long' });
  });

  it('permits http and private addresses when insecure endpoints are allowed, never credentials', () => {
    expect(checkEndpointUrl('http://127.0.0.1:3000/hook', INSECURE)).toMatchObject({ ok: true, url: 'http://127.0.0.1:3000/hook' });
    expect(checkEndpointUrl('http://localhost/hook', INSECURE)).toMatchObject({ ok: true, host: 'localhost' });
    expect(checkEndpointUrl('http://u:p@localhost/hook', INSECURE)).toMatchObject({ ok: false, problem: 'credentials' });
    expect(checkEndpointUrl('ftp://localhost/hook', INSECURE)).toMatchObject({ ok: false, problem: 'not-https' });
  });
});

describe('checkResolvedAddresses', () => {
  it('accepts a host whose every address is public', () => {
    expect(checkResolvedAddresses('hooks.example.com', ['93.184.216.34', '2606:2800:220:1::1'], STRICT)).toEqual({ ok: true });
  });

  it('refuses a host one of whose addresses is not public (a name pointing inside)', () => {
    expect(checkResolvedAddresses('inside.example.com', ['93.184.216.34', '10.0.0.7'], STRICT)).toMatchObject({ ok: false, problem: 'not-public' });
  });

  it('refuses a host that resolves to nothing, even when insecure endpoints are allowed', () => {
    expect(checkResolvedAddresses('nowhere.example', [], INSECURE)).toMatchObject({ ok: false, problem: 'unresolvable' });
  });

  it('accepts private addresses when insecure endpoints are allowed', () => {
    expect(checkResolvedAddresses('localhost', ['127.0.0.1', '::1'], INSECURE)).toEqual({ ok: true });
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::808:808', true],
    ['0.1.2.3', false],
    ['10.255.255.255', false],
    ['100.127.255.255', false],
    ['100.128.0.1', true],
    ['127.0.0.1', false],
    ['169.254.0.1', false],
    ['172.15.255.255', true],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.0.2.1', false],
    ['192.168.1.1', false],
    ['198.18.0.1', false],
    ['224.0.0.251', false],
    ['239.255.255.250', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['::127.0.0.1', false],
    ['fc00::1', false],
    ['fdff:ffff::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:192.168.0.1', false],
    ['64:ff9b::a00:1', false],
    ['2002:0a00:0001::1', false],
    ['not an address', false],
    ['1.2.3', false],
    ['01.2.3.4', false],
    ['fe80::1%eth0', false],
  ])('%s is public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
