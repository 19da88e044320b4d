import type { ExecutionContext } from '@nestjs/common';
import { JsonBodyGuard, MAX_BODY_DEPTH, MAX_BODY_VALUES } from './json-body.guard';
import { RequestValidationException } from './request-validation';

describe('JsonBodyGuard', () => {
  const intercept = (body: unknown, contentType = 'application/json') => {
    const request = {
      method: 'POST',
      headers: { 'content-length': '2' },
      body,
      is: (types: string[]) => (types.includes(contentType) ? contentType : false),
    };
    const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    return () => new JsonBodyGuard().canActivate(context);
  };
  const nested = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let level = 0; level < depth; level += 1) value = [value];
    return { emails: value };
  };

  it('lets a plain JSON body through', () => {
    expect(intercept({ emails: Array(1000).fill('a@example.com') })).not.toThrow();
  });

  it('refuses a body that is not JSON with 415', () => {
    expect(intercept({}, 'text/plain')).toThrow('must be JSON');
  });

  it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels, naming where, without exhausting the stack`, () => {
    expect(intercept(nested(MAX_BODY_DEPTH - 2))).not.toThrow();
    expect(intercept(nested(MAX_BODY_DEPTH))).toThrow(RequestValidationException);
    expect(intercept(nested(1_000_000))).toThrow(/^emails\[0\]\[0\]\[0\]…: is nested deeper than 32 levels$/);
  });

  it(`refuses a body of more than ${MAX_BODY_VALUES} values`, () => {
    expect(intercept({ emails: Array(MAX_BODY_VALUES - 1).fill(1) })).not.toThrow();
    expect(intercept({ emails: Array(MAX_BODY_VALUES + 1).fill(1) })).toThrow(`holds more than ${MAX_BODY_VALUES} values`);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a field named %s, at any depth', (key) => {
    expect(intercept(JSON.parse(`{"${key}":{}}`))).toThrow(`${key}: is not a field of this request`);
    expect(intercept(JSON.parse(`{"a":[{"${key}":1}]}`))).toThrow(`a[0].${key}: is not a field of this request`);
  });
});
