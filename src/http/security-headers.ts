import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * helmet's headers, worked out once at start instead of by its dozen middlewares on every
 * request: with options that hold no per-request function (a CSP nonce, say), helmet sets the
 * same headers on every answer, so they are recorded from one run of helmet and then set as
 * recorded. Options whose outcome depends on the request are refused at start.
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): Middleware {
  if (holdsFunction(options)) throw new Error('A helmet option computed per request (a function): its headers depend on the request, set them per request');
  const set: [string, string][] = [];
  const removed: string[] = [];
  let passed = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a ${typeof value}: not a static header`);
      set.push([name, value]);
    },
    removeHeader: (name: string) => void removed.push(name),
  };
  const probe = new Proxy({} as IncomingMessage, {
    get: (_target, property) => {
      throw new Error(`helmet read the request's ${String(property)}: its headers depend on the request, set them per request`);
    },
  });
  helmet(options as HelmetOptions)(probe, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    passed = true;
  });
  if (!passed) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return (_request, response, next) => {
    for (const name of removed) response.removeHeader(name);
    for (const [name, value] of set) response.setHeader(name, value);
    next();
  };
}

function holdsFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsFunction);
}
