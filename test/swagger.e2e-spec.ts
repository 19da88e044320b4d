import request from 'supertest';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS } from '../libs/bounce-handling/src/bounces/domain/bounce-classification/bounce-reason';
import { createTestApp, type TestApp } from './support/test-app';

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: { type?: string } }[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>;
  requestBody?: unknown;
}

describe('Swagger documentation (e2e)', () => {
  let testApp: TestApp;
  let document: {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    const response = await request(testApp.app.getHttpServer()).get('/docs-json');
    expect(response.status).toBe(200);
    document = response.body;
  });

  afterAll(() => testApp.close());

  it('serves the Swagger UI at /docs', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('declares the API-key schemes: X-API-Key header and bearer token', () => {
    expect(document.components.securitySchemes).toEqual({
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('documents the bounces endpoints with their success and every error answer', () => {
    const list = document.paths['/api/v1/bounces'].get;
    const record = document.paths['/api/v1/bounces'].post;
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '403', '429', '503']);
    expect(Object.keys(record.responses).sort()).toEqual(['201', '400', '401', '403', '413', '415', '429', '503']);
    expect(list.security).toEqual([{ 'api-key': [] }, { bearer: [] }]);
    expect(record.requestBody).toBeDefined();
  });

  it("shows the spec's examples in the bounce schemas", () => {
    expect(document.components.schemas.BounceResponseDto).toMatchObject({
      properties: {
        id: { example: 1 },
        email: { example: 'invalid@example.com' },
        bounce_type: { example: 'hard' },
        bounce_subtype: { example: 'NoEmail' },
        source: { example: 'ses' },
        campaign_name: { example: 'January Newsletter' },
        subscriber_name: { example: 'John Doe' },
        created_at: { example: '2026-01-10T12:00:00Z' },
      },
    });
    expect(document.components.schemas.BounceCreatedResponseDto).toMatchObject({ properties: { bounce_id: { example: 123 } } });
  });

  it('lists the vocabulary of reasons and categories in the bounce schema, each category with its meaning', () => {
    const { properties, required } = document.components.schemas.BounceResponseDto as {
      properties: Record<string, { enum?: string[]; description?: string }>;
      required: string[];
    };
    expect(properties.reason).toMatchObject({ enum: [...BOUNCE_REASONS], example: 'user_unknown' });
    expect(properties.category).toMatchObject({ enum: [...BOUNCE_CATEGORIES], example: 'recipient' });
    for (const category of BOUNCE_CATEGORIES) expect(properties.category.description).toContain(`\`${category}\`: `);
    expect(properties.status).toMatchObject({ type: 'string', nullable: true, example: '5.1.1' });
    expect(required).toEqual(expect.arrayContaining(['reason', 'category', 'status']));
  });

  it('documents limit, offset and the subscriber id as integers, not numbers', () => {
    const typeOf = (path: string, name: string) => document.paths[path].get.parameters?.find((parameter) => parameter.name === name)?.schema?.type;
    for (const path of ['/api/v1/bounces', '/api/v1/subscribers', '/api/v1/subscribers/{id}/bounces']) {
      expect({ path, limit: typeOf(path, 'limit'), offset: typeOf(path, 'offset') }).toEqual({ path, limit: 'integer', offset: 'integer' });
    }
    expect(typeOf('/api/v1/subscribers/{id}', 'id')).toBe('integer');
    expect(typeOf('/api/v1/subscribers/{id}/bounces', 'id')).toBe('integer');
  });

  it('documents the campaign id of a recorded bounce as text or a non-negative integer', () => {
    expect(document.components.schemas.RecordBounceRequestDto).toMatchObject({
      properties: {
        campaign_id: {
          oneOf: [
            { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$', maxLength: 100 },
            { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          ],
        },
      },
    });
  });

  it('documents every number of the API, in parameters and schemas, as an integer, but the rates of statistics (fractions such as 0.06)', () => {
    const FRACTIONS = /\.properties\.(bounce_rate|complaint_rate)$/;
    const numbers: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${at}[${index}]`));
      else if (typeof node === 'object' && node !== null) {
        if ((node as { type?: unknown }).type === 'number' && !FRACTIONS.test(at)) numbers.push(at);
        for (const [key, value] of Object.entries(node)) visit(value, `${at}.${key}`);
      }
    };
    visit(document, 'document');
    expect(numbers).toEqual([]);
  });

  it('documents GET /metrics as Prometheus text, without a key', () => {
    const metrics = document.paths['/metrics'].get;
    expect(Object.keys(metrics.responses['200'].content ?? {})).toEqual(['text/plain; version=0.0.4; charset=utf-8']);
    expect(metrics.security).toBeUndefined();
  });

  it('documents every API operation with at least one success and one error answer', () => {
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.length).toBeGreaterThanOrEqual(2);
    for (const { path, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect({ path, method, success: statuses.some((status) => status.startsWith('2')) }).toEqual({ path, method, success: true });
      expect({ path, method, errors: statuses.some((status) => status.startsWith('4')) }).toEqual({ path, method, errors: true });
    }
  });
});
