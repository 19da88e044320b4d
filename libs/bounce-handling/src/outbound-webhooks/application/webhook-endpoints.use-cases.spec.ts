import { FixedClock, InMemoryWebhookEndpointRepository } from '../../testing';
import { InvalidEndpointUrlError, WebhookEndpointNotFoundError } from '../domain/webhook-endpoint';
import { DeleteWebhookEndpoint } from './delete-webhook-endpoint.use-case';
import { EndpointUrlCheck, EndpointUrlPolicy } from './endpoint-url-check';
import { GetWebhookEndpoint } from './get-webhook-endpoint.use-case';
import { ListWebhookEndpoints } from './list-webhook-endpoints.use-case';
import { EndpointHostResolver } from './ports/endpoint-host-resolver.port';
import { WebhookSecretGenerator } from './ports/webhook-secret-generator.port';
import { RegisterWebhookEndpoint } from './register-webhook-endpoint.use-case';

class TableResolver extends EndpointHostResolver {
  readonly asked: string[] = [];
  constructor(private readonly table: Record<string, string[]>) {
    super();
  }
  async addressesOf(host: string): Promise<readonly string[]> {
    this.asked.push(host);
    return this.table[host] ?? [];
  }
}

class CountingSecrets extends WebhookSecretGenerator {
  n = 0;
  generate(): string {
    this.n += 1;
    return `whsec_secret${this.n}`;
  }
}

describe('webhook endpoints use cases', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  let endpoints: InMemoryWebhookEndpointRepository;
  let resolver: TableResolver;
  const setUp = (allowInsecure = false) => {
    endpoints = new InMemoryWebhookEndpointRepository();
    resolver = new TableResolver({ 'hooks.example.com': ['93.184.216.34'], 'inside.example.com': ['10.0.0.5'], localhost: ['127.0.0.1'] });
    const clock = new FixedClock(now);
    return {
      register: new RegisterWebhookEndpoint(endpoints, new EndpointUrlCheck(resolver, new EndpointUrlPolicy(allowInsecure)), new CountingSecrets(), clock),
      get: new GetWebhookEndpoint(endpoints),
      list: new ListWebhookEndpoints(endpoints),
      remove: new DeleteWebhookEndpoint(endpoints, clock),
    };
  };

  it('registers an endpoint with a new secret, its events once each, who registered it and when', async () => {
    const { register } = setUp();
    const endpoint = await register.execute({
      url: 'https://hooks.example.com/in',
      events: ['bounce.recorded', 'suppression.added', 'bounce.recorded'],
      createdBy: 'ops',
    });
    expect(endpoint).toEqual({
      id: 1,
      url: 'https://hooks.example.com/in',
      events: ['bounce.recorded', 'suppression.added'],
      secret: 'whsec_secret1',
      createdBy: 'ops',
      createdAt: now,
    });
    expect(resolver.asked).toEqual(['hooks.example.com']);
  });

  it.each([
    ['a host that resolves to a private address', 'https://inside.example.com/in', 'not-public'],
    ['a host that does not resolve', 'https://nowhere.example/in', 'unresolvable'],
    ['http', 'http://hooks.example.com/in', 'not-https'],
    ['credentials', 'https://me:pw@hooks.example.com/in', 'credentials'],
    ['a loopback address, without resolving it', 'https://127.0.0.1/in', 'not-public'],
  ])('refuses %s and stores nothing', async (_, url, problem) => {
    const { register } = setUp();
    await expect(register.execute({ url, events: ['bounce.recorded'], createdBy: null })).rejects.toMatchObject({
      constructor: InvalidEndpointUrlError,
      problem,
    });
    expect(endpoints.rows).toEqual([]);
  });

  it('accepts http and private addresses when insecure endpoints are allowed', async () => {
    const { register } = setUp(true);
    await expect(register.execute({ url: 'http://localhost:8080/in', events: ['alert.triggered'], createdBy: null })).resolves.toMatchObject({
      url: 'http://localhost:8080/in',
    });
  });

  it.each([
    ['no event type', []],
    ['an unknown event type', ['bounce.recorded', 'bounce.deleted']],
  ])('refuses %s, naming the field', async (_, events) => {
    const { register } = setUp();
    await expect(register.execute({ url: 'https://hooks.example.com', events, createdBy: null })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'events', message: expect.any(String) }],
    });
    expect(endpoints.rows).toEqual([]);
  });

  it('reads an endpoint and lists them without their secrets', async () => {
    const { register, get, list } = setUp();
    await register.execute({ url: 'https://hooks.example.com/a', events: ['bounce.recorded'], createdBy: 'ops' });
    expect(await get.execute(1)).not.toHaveProperty('secret');
    const page = await list.execute({ limit: 20, offset: 0 });
    expect(page.total).toBe(1);
    expect(page.items[0]).not.toHaveProperty('secret');
  });

  it('deletes an endpoint, which is then not found, and says so for an unknown one', async () => {
    const { register, get, remove } = setUp();
    await register.execute({ url: 'https://hooks.example.com/a', events: ['bounce.recorded'], createdBy: 'ops' });
    await remove.execute(1);
    await expect(get.execute(1)).rejects.toBeInstanceOf(WebhookEndpointNotFoundError);
    await expect(remove.execute(1)).rejects.toBeInstanceOf(WebhookEndpointNotFoundError);
    expect(endpoints.rows[0].deletedAt).toEqual(now);
  });
});
