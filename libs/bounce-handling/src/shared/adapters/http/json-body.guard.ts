import { type CanActivate, type ExecutionContext, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { RequestValidationException } from './request-validation';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** No request of the API nests deeper than 3 levels. */
export const MAX_BODY_DEPTH = 32;
/** The largest request (a count of 10,000 sends, `POST /sends`) holds some 10,002 values. */
export const MAX_BODY_VALUES = 10_100;
/** Keys that name the prototype machinery rather than a field: no DTO has them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The API speaks JSON only: a body of another type would otherwise be parsed by whatever
 * parser the host installed (forms, text) and fail validation with a misleading message.
 * A JSON body nested deeper than `MAX_BODY_DEPTH` (validation recurses: it would exhaust
 * the stack, a 500), holding more than `MAX_BODY_VALUES` values (validation copies each one:
 * hundreds of milliseconds of CPU for a 1 MB array), or naming a prototype key is refused before validation.
 *
 * A guard rather than an interceptor: it only checks, and a route without interceptors skips
 * Nest's observable chain and its async-context bindings on every request. It is declared after
 * the API-key guard (`BounceHandlingController` sits above `RequirePermission`), so that a
 * request without a valid key is answered 401 whatever its body.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (METHODS_WITH_BODY.has(request.method) && hasBody(request)) {
      if (!request.is(['application/json', 'application/*+json'])) {
        throw new UnsupportedMediaTypeException('The request body must be JSON (Content-Type: application/json)');
      }
      assertPlainJson(request.body);
    }
    return true;
  }
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

interface Node {
  readonly value: object;
  readonly depth: number;
  readonly parent: Node | null;
  /** The key in the parent: a property name, or an index when the parent is an array. */
  readonly key: string | number;
}

/**
 * Walks the body without recursion: a deep body cannot exhaust the stack here. Only objects
 * and arrays are visited as nodes; a thousand strings are counted, not visited.
 */
function assertPlainJson(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const pending: Node[] = [{ value: body, depth: 0, parent: null, key: '' }];
  let values = 0;
  while (pending.length > 0) {
    const node = pending.pop()!;
    const { value, depth } = node;
    if (depth >= MAX_BODY_DEPTH) throw refused(node, `is nested deeper than ${MAX_BODY_DEPTH} levels`);
    if (Array.isArray(value)) {
      values += value.length;
      if (values > MAX_BODY_VALUES) throw refused(node, `holds more than ${MAX_BODY_VALUES} values in all`);
      for (let index = 0; index < value.length; index += 1) {
        const item: unknown = value[index];
        if (typeof item === 'object' && item !== null) pending.push({ value: item, depth: depth + 1, parent: node, key: index });
      }
      continue;
    }
    const keys = Object.keys(value);
    values += keys.length;
    if (values > MAX_BODY_VALUES) throw refused(node, `holds more than ${MAX_BODY_VALUES} values in all`);
    for (const key of keys) {
      const child: unknown = (value as Record<string, unknown>)[key];
      if (PROTOTYPE_KEYS.has(key)) throw refused({ value: {}, depth: depth + 1, parent: node, key }, 'is not a field of this request');
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1, parent: node, key });
    }
  }
}

/** The field's path as validation errors name it (`emails[0]`, `a.b`), shortened when deep. */
function refused(node: Node, message: string): RequestValidationException {
  const keys: string[] = [];
  for (let at: Node | null = node; at !== null && at.parent !== null; at = at.parent) keys.unshift(typeof at.key === 'number' ? `[${at.key}]` : at.key);
  const path = keys.slice(0, 4).reduce((text, key) => (key.startsWith('[') || text === '' ? text + key : `${text}.${key}`), '') + (keys.length > 4 ? '…' : '');
  return new RequestValidationException([{ field: path || 'body', message }]);
}
