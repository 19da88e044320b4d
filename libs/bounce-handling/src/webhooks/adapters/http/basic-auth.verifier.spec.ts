import { WebhookSignatureError } from '../../domain/webhook.errors';
import { basicAuthCredentialProblem } from '../../application/basic-auth-credentials';
import { BasicAuthVerifier, presentedCredentials } from './basic-auth.verifier';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
const verifier = new BasicAuthVerifier();

describe('BasicAuthVerifier', () => {
  const configured = ['postmark:first-secret', 'postmark:rotated-secret'];

  it.each([
    ['the first pair', 'postmark:first-secret'],
    ['the second pair, during a rotation', 'postmark:rotated-secret'],
  ])('accepts %s', (_case, credentials) => {
    expect(() => verifier.verify(basic(credentials), configured, 'Postmark')).not.toThrow();
  });

  it('accepts a password with colons and any case of the scheme', () => {
    expect(() => verifier.verify(basic('u:p:a:ss'), ['u:p:a:ss'], 'Brevo')).not.toThrow();
    expect(() => verifier.verify(`basic ${Buffer.from('u:p').toString('base64')}`, ['u:p'], 'Brevo')).not.toThrow();
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty one', ''],
    ['a bearer token', 'Bearer postmark:first-secret'],
    ['Basic without credentials', 'Basic '],
    ['credentials without a colon', basic('postmarkfirst-secret')],
    ['the wrong password', basic('postmark:wrong')],
    ['the wrong user', basic('sparkpost:first-secret')],
    ['a prefix of a configured pair', basic('postmark:first')],
    ['the pair with a space more', basic('postmark:first-secret ')],
    ['not base64', 'Basic !!!'],
  ])('refuses %s with WebhookSignatureError (401)', (_case, authorization) => {
    expect(() => verifier.verify(authorization, configured, 'Postmark')).toThrow(WebhookSignatureError);
  });

  it('refuses everything when no pair is configured', () => {
    expect(() => verifier.verify(basic('postmark:first-secret'), [], 'Postmark')).toThrow(WebhookSignatureError);
  });

  it('reads user:password from the header, or nothing', () => {
    expect(presentedCredentials(basic('a:b'))).toBe('a:b');
    expect(presentedCredentials(basic('ab'))).toBeNull();
    expect(presentedCredentials(undefined)).toBeNull();
  });
});

describe('basicAuthCredentialProblem', () => {
  it.each([
    ['user:password', null],
    ['user:pass:word', null],
    ['userpassword', 'X must be user:password pairs (comma-separated during a rotation)'],
    [':password', 'X must be user:password pairs (comma-separated during a rotation)'],
    ['user:', 'X must be user:password pairs (comma-separated during a rotation)'],
  ])('checks %p', (value, problem) => {
    expect(basicAuthCredentialProblem(value, 'X')).toBe(problem);
  });
});
