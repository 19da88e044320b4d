import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SnsUnreachableError } from '../../application/ports/sns-unreachable.error';
import { generateSnsTestCertificate } from '../http/__fixtures__/sns-signing';
import { boundedHttpsGet, UnexpectedSnsAnswerError } from './bounded-https-get';

/** A local https server standing in for SNS: the adapters' checks forbid any other host, this helper does not. */
describe('boundedHttpsGet', () => {
  const tls = generateSnsTestCertificate({ commonName: '127.0.0.1', subjectAltName: 'IP:127.0.0.1' });
  let server: https.Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = https.createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, (request, response) => {
      requests.push(request.url ?? '');
      switch (request.url) {
        case '/ok':
          return response.end('certificate');
        case '/redirect':
          response.writeHead(302, { location: '/ok' });
          return response.end();
        case '/missing':
          response.writeHead(404);
          return response.end('no');
        case '/down':
          response.writeHead(503);
          return response.end();
        case '/huge':
          response.writeHead(200);
          return response.end('x'.repeat(10_000));
        case '/huge-chunked':
          response.write('x'.repeat(600));
          response.write('x'.repeat(600));
          return response.end();
        case '/slow':
          return setTimeout(() => response.end('late'), 2_000).unref();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (path: string, options: { timeoutMs?: number; maxBytes?: number; ca?: string } = {}) =>
    boundedHttpsGet(new URL(`${base}${path}`), {
      timeoutMs: options.timeoutMs ?? 1_000,
      maxBytes: options.maxBytes ?? 1_000,
      ca: 'ca' in options ? options.ca : tls.certificatePem,
    });

  it('returns the body of a 2xx', async () => {
    await expect(get('/ok')).resolves.toEqual({ status: 200, body: Buffer.from('certificate') });
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    requests.length = 0;
    await expect(get('/redirect')).rejects.toThrow(UnexpectedSnsAnswerError);
    expect(requests).toEqual(['/redirect']);
  });

  it('refuses a 4xx as an unexpected answer, a 5xx as SNS unreachable (worth a retry)', async () => {
    await expect(get('/missing')).rejects.toThrow(UnexpectedSnsAnswerError);
    await expect(get('/down')).rejects.toThrow(SnsUnreachableError);
  });

  it('refuses a body over the bound, declared or streamed', async () => {
    await expect(get('/huge')).rejects.toThrow(/more than 1000 bytes/);
    await expect(get('/huge-chunked')).rejects.toThrow(/more than 1000 bytes/);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    await expect(get('/slow', { timeoutMs: 200 })).rejects.toThrow(/did not answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('checks the server certificate', async () => {
    await expect(get('/ok', { ca: undefined })).rejects.toThrow(SnsUnreachableError);
  });

  it('reports a refused connection as SNS unreachable', async () => {
    await expect(boundedHttpsGet(new URL('https://127.0.0.1:1/x'), { timeoutMs: 1_000, maxBytes: 10 })).rejects.toThrow(SnsUnreachableError);
  });
});
