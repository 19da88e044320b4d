import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from './security-headers';

/** The headers of an answer, without those that change from one answer to the next. */
async function headersOf(middleware: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use((_request, response, next) => {
    response.setHeader('X-Powered-By', 'something');
    next();
  });
  app.use(middleware);
  app.get('/', (_request, response) => void response.json({ ok: true }));
  const response = await request(app).get('/');
  const { date: _date, etag: _etag, ...headers } = response.headers as Record<string, string>;
  return headers;
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, with the same values, and removes X-Powered-By as helmet does', async () => {
    const recorded = await headersOf(securityHeaders() as express.RequestHandler);
    expect(recorded).toEqual(await headersOf(helmet()));
    expect(recorded['x-powered-by']).toBeUndefined();
    expect(recorded['content-security-policy']).toContain("default-src 'self'");
    expect(recorded['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('follows helmet’s options', async () => {
    const recorded = await headersOf(securityHeaders({ frameguard: { action: 'deny' }, hsts: false }) as express.RequestHandler);
    expect(recorded['x-frame-options']).toBe('DENY');
    expect(recorded['strict-transport-security']).toBeUndefined();
  });

  it('refuses at start options whose headers depend on the request (a CSP directive computed per request)', () => {
    const perRequest = {
      contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (request: unknown) => `'nonce-${String((request as { nonce?: string }).nonce)}'`] } },
    };
    expect(() => securityHeaders(perRequest)).toThrow(/depend on the request/);
    const random = { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => `'nonce-${Math.random()}'`] } } };
    expect(() => securityHeaders(random)).toThrow(/depend on the request/);
  });
});
