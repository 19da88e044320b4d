import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';

/*
 * The scaled-out deployment of docker/docker-compose.yml (docs/scaling.md), read as Compose
 * reads it: what must hold for two replicas to share one PostgreSQL and one Redis behind the
 * proxy. No Docker engine is needed; the images themselves are built by whoever runs it.
 */

const ROOT = path.join(__dirname, '..');

interface HealthCheck {
  readonly test: readonly string[];
}

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly deploy?: { readonly replicas?: number };
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly environment?: Record<string, string>;
  readonly expose?: readonly string[];
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly healthcheck?: HealthCheck;
  readonly stop_grace_period?: string;
}

const compose = load(fs.readFileSync(path.join(ROOT, 'docker', 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const { services } = compose;
const nginx = fs.readFileSync(path.join(ROOT, 'docker', 'nginx', 'default.conf'), 'utf8');
const configuration = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');

/** The compose value with its `${NAME:-default}` substitutions resolved to their defaults. */
const withDefaults = (value: string): string => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker/docker-compose.yml: two replicas on one PostgreSQL and one Redis, behind a proxy', () => {
  it('runs two replicas of the app built from the repository, publishing no port of their own', () => {
    const app = services.app;
    expect(app.deploy?.replicas).toBe(2);
    expect(app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(fs.existsSync(path.join(ROOT, 'docker', 'Dockerfile'))).toBe(true);
    expect(app.ports).toBeUndefined();
    expect(app.expose).toEqual([app.environment?.PORT]);
  });

  it('points every replica at the one PostgreSQL and the one Redis of the deployment', () => {
    const environment = services.app.environment ?? {};
    const database = new URL(withDefaults(environment.DATABASE_URL));
    expect(database.hostname).toBe('postgres');
    expect(database.username).toBe(services.postgres.environment?.POSTGRES_USER);
    expect(database.pathname).toBe(`/${services.postgres.environment?.POSTGRES_DB}`);
    expect(new URL(environment.REDIS_URL).hostname).toBe('redis');
    // One hop in front: the proxy's X-Forwarded-For is the client's address.
    expect(environment.TRUST_PROXY).toBe('1');
  });

  it('gives every service a health check, and starts each only once what it needs is healthy', () => {
    const withoutHealthCheck = Object.entries(services)
      .filter(([, service]) => (service.healthcheck?.test.length ?? 0) < 2)
      .map(([name]) => name);
    expect(withoutHealthCheck).toEqual([]);
    expect(Object.keys(services).sort()).toEqual(['app', 'postgres', 'proxy', 'redis']);
    expect(services.app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.proxy.depends_on).toEqual({ app: { condition: 'service_healthy' } });
    // A replica is healthy when it is ready, i.e. its database answers.
    expect(services.app.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${services.app.environment?.PORT}/health/ready`);
  });

  it('sets only variables the service documents', () => {
    const documented = new Set([...configuration.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((match) => match[1]));
    const undocumented = Object.keys(services.app.environment ?? {}).filter((name) => !documented.has(name));
    expect(undocumented).toEqual([]);
  });

  it('balances the public port over every replica through the proxy, which answers errors in the API envelope', () => {
    expect(services.proxy.ports).toEqual(['${PORT:-3000}:80']);
    expect(services.proxy.volumes).toEqual(['./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro']);
    // Docker's DNS names every replica `app`, looked up again as they come and go.
    expect(nginx).toMatch(new RegExp(`server app:${services.app.environment?.PORT} resolve;`));
    expect(nginx).toMatch(/resolver 127\.0\.0\.11 /);
    expect(nginx).toMatch(/proxy_pass http:\/\/app;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    // Metrics stay on the internal network.
    expect(nginx).toMatch(/location ~\* \^\/metrics/);
    const answers = [...nginx.matchAll(/return (\d{3}) '([^']+)'/g)].map(([, status, body]) => [status, JSON.parse(body)]);
    expect(answers.map(([status]) => status).sort()).toEqual(['404', '413', '503']);
    for (const [, body] of answers) expect(body).toEqual({ success: false, error: { code: expect.any(String), message: expect.any(String) } });
  });
});
