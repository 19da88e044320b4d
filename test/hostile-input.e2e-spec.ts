import { HttpException } from '@nestjs/common';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import request, { type Response, type Test } from 'supertest';
import { EmailAddress } from '../libs/bounce-handling/src';
import { AllowListPattern } from '../libs/bounce-handling/src/allowlist/domain/allow-list-pattern';
import { CAMPAIGN_ID_PATTERN } from '../libs/bounce-handling/src/shared/domain/campaign-id';
import { isStorableText } from '../libs/bounce-handling/src/shared/adapters/http/storable-text.validator';
import { DomainError } from '../libs/bounce-handling/src/shared/domain/domain-error';
import { decodePageCursor } from '../libs/bounce-handling/src/shared/adapters/http/page-cursor';
import { instantOfRfc3339 } from '../libs/bounce-handling/src/suppressions/adapters/http/query-list.transform';
import { SnsCertificateSource } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-certificate-source.port';
import { MalformedWebhookError } from '../libs/bounce-handling/src/webhooks/domain/webhook.errors';
import { SnsSubscriptionConfirmer } from '../libs/bounce-handling/src/webhooks/providers/ses/application/ports/sns-subscription-confirmer.port';
import { HttpsSnsCertificateSource } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/sns/https-sns-certificate-source.adapter';
import { sesFixture } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/__fixtures__';
import { SesEventMapper } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/ses-event.mapper';
import { parseSnsEnvelope } from '../libs/bounce-handling/src/webhooks/providers/ses/adapters/http/sns-envelope.parser';
import { mapMailgunPayload } from '../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/mailgun-event.mapper';
import { parseMailgunPayload } from '../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/mailgun-payload.parser';
import { mapSendGridEvent } from '../libs/bounce-handling/src/webhooks/providers/sendgrid/adapters/http/sendgrid-event.mapper';
import { HARD_BOUNCE } from '../libs/bounce-handling/src/webhooks/providers/sendgrid/adapters/http/__fixtures__/sendgrid-events.fixtures';
import {
  FUZZ_RUNS,
  FUZZ_SEED,
  fuzzParameters,
  HOSTILE_JSON_TEXTS,
  HOSTILE_STRINGS,
  HOSTILE_VALUES,
  hostileJsonValue,
  hostileString,
} from './support/hostile-corpus';
import { asTransmitted, expectAccepted, expectNoServerError, expectRefused, pathSegment, StatusTally } from './support/hostile-http';
import { dsn, dsnNaming, dsnOfSize, HOSTILE_MAIL, MAX_INBOUND_MAIL_BYTES, MAX_REPORTS_PER_MESSAGE } from './support/hostile-mail';
import { snapshotTables } from './support/hostile-snapshot';
import { aMailgunSigningKey, signedMailgunJson } from './support/mailgun-signer';
import { SendGridSigner } from './support/sendgrid-signer';
import { SnsSigner, snsNotification, snsSubscriptionMessage } from './support/sns-signer';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

// Some 4 000 requests, each a few milliseconds; the slowest parse 100 000-level JSON.
jest.setTimeout(300_000);

/** Whether a value in a slot must be accepted (2xx), refused (4xx), or may be either (200 or 404). */
type Verdict = 'accept' | 'refuse' | 'either';

interface Slot {
  readonly name: string;
  readonly in: 'path' | 'query' | 'body';
  /** The documented rule for the slot, applied to what the server receives. */
  readonly verdict: (value: unknown) => Verdict;
}

interface Endpoint {
  readonly name: string;
  readonly method: 'get' | 'post' | 'put';
  readonly path: (id: string) => string;
  /** A request that is accepted as it is; each test changes one slot of it. */
  readonly baseline: () => { id?: string; query?: Record<string, string>; body?: Record<string, unknown> };
  readonly slots: readonly Slot[];
  /** Whether an accepted request may change what is stored. */
  readonly mutates: boolean;
}

const MAX_SAFE_DIGITS = /^\d{1,16}$/;
const digits = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'string' && MAX_SAFE_DIGITS.test(value) && Number(value) >= min && Number(value) <= max;
const rule =
  (accepts: (value: unknown) => boolean) =>
  (value: unknown): Verdict =>
    accepts(value) ? 'accept' : 'refuse';
const optional =
  (inner: (value: unknown) => Verdict) =>
  (value: unknown): Verdict =>
    value === null || value === undefined ? 'accept' : inner(value);
const freeText = (max: number) => rule((value) => typeof value === 'string' && value.trim().length >= 1 && value.trim().length <= max && isStorableText(value));
const email = rule((value) => typeof value === 'string' && EmailAddress.isValid(value));
/** Text that is 1–100 of the allowed characters once trimmed, or a non-negative safe integer. */
const campaignId = rule((value) =>
  typeof value === 'string' ? CAMPAIGN_ID_PATTERN.test(value.trim()) : Number.isSafeInteger(value) && (value as number) >= 0,
);
const limit = rule((value) => digits(value, 1, 100));
const offset = rule((value) => digits(value, 0, Number.MAX_SAFE_INTEGER));
const subscriberId = (value: unknown): Verdict => (digits(value, 1, Number.MAX_SAFE_INTEGER) ? 'either' : 'refuse');
const oneOf = (...allowed: string[]) => rule((value) => typeof value === 'string' && allowed.includes(value));

/** A filter of the suppression list: 1–100 values, comma-separated, trimmed, each one `accepts`. */
const queryList = (accepts: (part: string) => boolean) =>
  rule((value) => {
    if (typeof value !== 'string') return false;
    const parts = value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    return parts.length >= 1 && parts.length <= 100 && parts.every(accepts);
  });
const addressFilter = queryList((part) => part.toLowerCase().length <= 254 && isStorableText(part));
const timestamp = rule((value) => typeof value === 'string' && instantOfRfc3339(value) !== null);
const suppressionCursor = rule((value) => {
  const position = typeof value === 'string' ? decodePageCursor(value, 2) : null;
  return (
    position !== null &&
    typeof position[0] === 'string' &&
    instantOfRfc3339(position[0]) !== null &&
    typeof position[1] === 'string' &&
    isStorableText(position[1])
  );
});
const stringList = (max: number) =>
  rule((value) => Array.isArray(value) && value.length >= 1 && value.length <= 1000 && value.every((item) => typeof item === 'string' && item.length <= max));

const suppressionEntries = rule(
  (value) =>
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= 1000 &&
    value.every(
      (entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        !Array.isArray(entry) &&
        Object.keys(entry).every((key) => ['email', 'status', 'note'].includes(key)) &&
        typeof (entry as { email?: unknown }).email === 'string' &&
        (entry as { email: string }).email.length <= 320 &&
        ['bounced', 'unsubscribed'].includes((entry as { status?: unknown }).status as string) &&
        optional(rule((note) => typeof note === 'string' && note.length <= 500 && isStorableText(note)))((entry as { note?: unknown }).note) === 'accept',
    ),
);

let unique = 0;
const freshEmail = () => `fuzz-${(unique += 1)}@example.com`;

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /api/v1/bounces',
    method: 'get',
    path: () => '/api/v1/bounces',
    baseline: () => ({ query: { limit: '10', offset: '0' } }),
    slots: [
      { name: 'limit', in: 'query', verdict: limit },
      { name: 'offset', in: 'query', verdict: offset },
    ],
    mutates: false,
  },
  {
    name: 'POST /api/v1/bounces',
    method: 'post',
    path: () => '/api/v1/bounces',
    baseline: () => ({
      body: { email: freshEmail(), bounce_type: 'soft', bounce_subtype: 'MailboxFull', diagnostic_code: '452 4.2.2 full', campaign_id: 'seed-campaign' },
    }),
    slots: [
      { name: 'email', in: 'body', verdict: email },
      { name: 'bounce_type', in: 'body', verdict: oneOf('hard', 'soft', 'complaint') },
      { name: 'bounce_subtype', in: 'body', verdict: optional(freeText(255)) },
      { name: 'diagnostic_code', in: 'body', verdict: optional(freeText(4000)) },
      { name: 'campaign_id', in: 'body', verdict: optional(campaignId) },
    ],
    mutates: true,
  },
  {
    name: 'POST /api/v1/subscribers',
    method: 'post',
    path: () => '/api/v1/subscribers',
    baseline: () => ({ body: { email: freshEmail(), name: 'Fuzz' } }),
    slots: [
      { name: 'email', in: 'body', verdict: email },
      { name: 'name', in: 'body', verdict: optional(freeText(255)) },
    ],
    mutates: true,
  },
  {
    name: 'GET /api/v1/subscribers',
    method: 'get',
    path: () => '/api/v1/subscribers',
    baseline: () => ({ query: { limit: '10', offset: '0', status: 'active' } }),
    slots: [
      { name: 'limit', in: 'query', verdict: limit },
      { name: 'offset', in: 'query', verdict: offset },
      { name: 'status', in: 'query', verdict: oneOf('active', 'bounced', 'unsubscribed') },
    ],
    mutates: false,
  },
  {
    name: 'GET /api/v1/subscribers/{id}',
    method: 'get',
    path: (id) => `/api/v1/subscribers/${id}`,
    baseline: () => ({ id: '1' }),
    slots: [{ name: 'id', in: 'path', verdict: subscriberId }],
    mutates: false,
  },
  {
    name: 'GET /api/v1/subscribers/{id}/bounces',
    method: 'get',
    path: (id) => `/api/v1/subscribers/${id}/bounces`,
    baseline: () => ({ id: '1', query: { limit: '10', offset: '0' } }),
    slots: [
      { name: 'id', in: 'path', verdict: subscriberId },
      { name: 'limit', in: 'query', verdict: limit },
      { name: 'offset', in: 'query', verdict: offset },
    ],
    mutates: false,
  },
  {
    name: 'POST /api/v1/subscribers/{id}/reactivate',
    method: 'post',
    path: (id) => `/api/v1/subscribers/${id}/reactivate`,
    baseline: () => ({ id: '1' }),
    slots: [{ name: 'id', in: 'path', verdict: subscriberId }],
    mutates: true,
  },
  {
    name: 'PUT /api/v1/campaigns/{id}',
    method: 'put',
    path: (id) => `/api/v1/campaigns/${id}`,
    baseline: () => ({ id: 'seed-campaign', body: { name: 'Seed campaign' } }),
    slots: [
      { name: 'id', in: 'path', verdict: campaignId },
      { name: 'name', in: 'body', verdict: freeText(255) },
    ],
    mutates: true,
  },
  {
    name: 'POST /api/v1/suppressions/check',
    method: 'post',
    path: () => '/api/v1/suppressions/check',
    baseline: () => ({ body: { emails: ['seed@example.com', 'not an address'] } }),
    slots: [
      {
        name: 'emails',
        in: 'body',
        verdict: rule(
          (value) => Array.isArray(value) && value.length >= 1 && value.length <= 1000 && value.every((item) => typeof item === 'string' && item.length <= 320),
        ),
      },
      { name: 'emails[0]', in: 'body', verdict: rule((value) => typeof value === 'string' && value.length <= 320) },
    ],
    mutates: false,
  },
  {
    name: 'GET /api/v1/suppressions',
    method: 'get',
    path: () => '/api/v1/suppressions',
    baseline: () => ({ query: { limit: '10', offset: '0', status: 'bounced,unsubscribed', origin: 'bounce', from: '2026-01-01T00:00:00Z' } }),
    slots: [
      { name: 'limit', in: 'query', verdict: limit },
      { name: 'offset', in: 'query', verdict: offset },
      { name: 'email', in: 'query', verdict: addressFilter },
      { name: 'domain', in: 'query', verdict: addressFilter },
      { name: 'status', in: 'query', verdict: queryList((part) => ['bounced', 'unsubscribed'].includes(part)) },
      { name: 'reason', in: 'query', verdict: queryList((part) => ['hard-bounce', 'soft-bounce-threshold', 'complaint', 'manual', 'import'].includes(part)) },
      { name: 'origin', in: 'query', verdict: queryList((part) => ['bounce', 'complaint', 'manual', 'import'].includes(part)) },
      { name: 'from', in: 'query', verdict: timestamp },
      { name: 'to', in: 'query', verdict: timestamp },
    ],
    mutates: false,
  },
  {
    name: 'GET /api/v1/suppressions (by cursor)',
    method: 'get',
    path: () => '/api/v1/suppressions',
    baseline: () => ({ query: { limit: '10', cursor: 'WyIyMDI2LTAxLTEwVDEyOjAwOjAwLjAwMDAwMFoiLCJzZWVkQGV4YW1wbGUuY29tIl0' } }),
    slots: [{ name: 'cursor', in: 'query', verdict: suppressionCursor }],
    mutates: false,
  },
  {
    name: 'POST /api/v1/suppressions',
    method: 'post',
    path: () => '/api/v1/suppressions',
    baseline: () => ({ body: { entries: [{ email: freshEmail(), status: 'bounced', note: 'fuzz' }] } }),
    slots: [
      { name: 'entries', in: 'body', verdict: suppressionEntries },
      { name: 'entries[0].email', in: 'body', verdict: rule((value) => typeof value === 'string' && value.length <= 320) },
      { name: 'entries[0].status', in: 'body', verdict: oneOf('bounced', 'unsubscribed') },
      {
        name: 'entries[0].note',
        in: 'body',
        verdict: optional(rule((value) => typeof value === 'string' && value.length <= 500 && isStorableText(value))),
      },
    ],
    mutates: true,
  },
  {
    name: 'POST /api/v1/suppressions/delete',
    method: 'post',
    path: () => '/api/v1/suppressions/delete',
    baseline: () => ({ body: { emails: [freshEmail(), 'not an address'], include_complaints: false } }),
    slots: [
      { name: 'emails', in: 'body', verdict: stringList(320) },
      { name: 'emails[0]', in: 'body', verdict: rule((value) => typeof value === 'string' && value.length <= 320) },
      { name: 'include_complaints', in: 'body', verdict: optional(rule((value) => typeof value === 'boolean')) },
    ],
    mutates: true,
  },
  {
    name: 'GET /api/v1/allowlist',
    method: 'get',
    path: () => '/api/v1/allowlist',
    baseline: () => ({ query: { limit: '10', offset: '0' } }),
    slots: [
      { name: 'limit', in: 'query', verdict: limit },
      { name: 'offset', in: 'query', verdict: offset },
    ],
    mutates: false,
  },
  {
    name: 'PUT /api/v1/allowlist/{pattern}',
    method: 'put',
    path: (pattern) => `/api/v1/allowlist/${pattern}`,
    baseline: () => ({ id: '@seed.example.com', body: { note: 'Seed domain' } }),
    slots: [
      { name: 'pattern', in: 'path', verdict: rule((value) => typeof value === 'string' && AllowListPattern.isValid(value)) },
      // Trimmed; an empty note is none.
      { name: 'note', in: 'body', verdict: optional(rule((value) => typeof value === 'string' && value.trim().length <= 500 && isStorableText(value))) },
    ],
    mutates: true,
  },
];

const WITH_BODY = ENDPOINTS.filter((endpoint) => endpoint.method !== 'get' && endpoint.baseline().body !== undefined);

class NoFetchCertificateSource extends SnsCertificateSource {
  readonly requested: string[] = [];
  async certificateFor(url: string): Promise<string> {
    this.requested.push(url);
    throw new Error('nothing is fetched in this test');
  }
}

class RecordingConfirmer extends SnsSubscriptionConfirmer {
  readonly confirmed: string[] = [];
  async confirm(subscribeUrl: string): Promise<void> {
    this.confirmed.push(subscribeUrl);
  }
}

describe('Hostile input (e2e)', () => {
  const sns = new SnsSigner();
  const sendgrid = SendGridSigner.generate();
  const mailgunKey = aMailgunSigningKey();
  const fetched = new NoFetchCertificateSource();
  const confirmer = new RecordingConfirmer();
  const tally = new StatusTally();
  let testApp: TestApp;
  const http = () => request(testApp.app.getHttpServer());
  const auth = { 'X-API-Key': TEST_API_KEY };
  const bounceCount = async () => (await testApp.sql<{ n: number }>('select count(*)::int as n from bounces'))[0].n;

  /** Sends one request to an API endpoint: the baseline with the given parts replaced. */
  const send = async (
    endpoint: Endpoint,
    parts: { id?: string; query?: Record<string, string>; body?: unknown; raw?: string | Buffer; contentType?: string | null } = {},
  ): Promise<Response> => {
    const baseline = endpoint.baseline();
    const id = parts.id ?? baseline.id ?? '';
    const query = new URLSearchParams(parts.query ?? baseline.query ?? {}).toString();
    const agent = http();
    let call: Test = agent[endpoint.method](`${endpoint.path(pathSegment(id))}${query ? `?${query}` : ''}`).set(auth);
    if (parts.raw !== undefined) {
      if (parts.contentType !== null) call = call.set('Content-Type', parts.contentType ?? 'application/json');
      call = call.send(parts.raw);
    } else {
      const body = 'body' in parts ? parts.body : baseline.body;
      if (body !== undefined) call = call.set('Content-Type', 'application/json').send(JSON.stringify(body));
    }
    const response = await call;
    tally.add(endpoint.name, response.status);
    return response;
  };

  /** The baseline with one slot set to `value` (undefined: the slot left out). */
  const withSlot = (endpoint: Endpoint, slot: Slot, value: unknown) => {
    const baseline = endpoint.baseline();
    if (slot.in === 'path') return { id: value as string };
    if (slot.in === 'query') return { query: { ...baseline.query, [slot.name]: value as string } };
    const body: Record<string, unknown> = { ...baseline.body };
    const entry = /^entries\[0\]\.(\w+)$/.exec(slot.name);
    if (slot.name === 'emails[0]') body.emails = [value, ...(body.emails as unknown[]).slice(1)];
    else if (entry !== null) body.entries = [{ ...(body.entries as Record<string, unknown>[])[0], [entry[1]]: value }];
    else body[slot.name] = value;
    return { body };
  };

  /** What the server receives of a value in that slot: URLs and UTF-8 bodies carry no lone surrogates. */
  const received = (slot: Slot, value: unknown): unknown => (typeof value === 'string' && slot.in !== 'body' ? asTransmitted(value) : value);

  beforeAll(async () => {
    testApp = await createTestApp(
      {
        API_RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'error',
        SES_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ses-events',
        SNS_CERTIFICATES_DIR: sns.certificatesDir,
        MAILGUN_WEBHOOK_SIGNING_KEY: mailgunKey,
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKeyBase64Der,
      },
      {
        overrides: [
          [HttpsSnsCertificateSource, fetched],
          [SnsSubscriptionConfirmer, confirmer],
        ],
      },
    );
    // Something to find, list and change: a subscriber with a bounce, in a campaign.
    expect((await http().post('/api/v1/subscribers').set(auth).send({ email: 'seed@example.com', name: 'Seed' })).status).toBe(201);
    expect((await http().put('/api/v1/campaigns/seed-campaign').set(auth).send({ name: 'Seed campaign' })).status).toBe(201);
    expect((await http().post('/api/v1/bounces').set(auth).send({ email: 'seed@example.com', bounce_type: 'soft', campaign_id: 'seed-campaign' })).status).toBe(
      201,
    );
  });

  afterAll(async () => {
    console.log(`${tally.report('Hostile input')}\n  fast-check: seed ${FUZZ_SEED}, ${FUZZ_RUNS} runs per HTTP property`);
    await testApp?.close();
    sns.dispose();
  });

  describe.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))('%s', (_name, endpoint) => {
    it('accepts its baseline request (so that each refusal below is the changed slot’s doing)', async () => {
      expectNoServerError(await send(endpoint), `${endpoint.name} baseline`);
      expect((await send(endpoint)).status).toBeLessThan(300);
    });

    it.each(endpoint.slots.map((slot) => [slot.name, slot] as const))(
      'answers every hostile value in %s by its rule: 4xx in the error envelope changing nothing, or 2xx when the rule allows it',
      async (_slot, slot) => {
        const values = slot.in === 'body' ? HOSTILE_VALUES : HOSTILE_STRINGS.filter(([, value]) => !(slot.in === 'path' && value === ''));
        const refused = values.filter(([, value]) => slot.verdict(received(slot, value)) === 'refuse');
        const before = await snapshotTables(testApp);
        for (const [name, value] of refused) expectRefused(await send(endpoint, withSlot(endpoint, slot, value)), `${endpoint.name} ${slot.name} = ${name}`);
        expect(await snapshotTables(testApp)).toEqual(before);
        for (const [name, value] of values.filter(([, value]) => slot.verdict(received(slot, value)) !== 'refuse')) {
          const response = await send(endpoint, withSlot(endpoint, slot, value));
          if (slot.verdict(received(slot, value)) === 'accept') expectAccepted(response, `${endpoint.name} ${slot.name} = ${name}`);
          else expectNoServerError(response, `${endpoint.name} ${slot.name} = ${name}`);
        }
        expect(refused.length).toBeGreaterThan(5);
      },
    );

    it('refuses hostile names of query parameters and body fields it does not know, changing nothing', async () => {
      const before = await snapshotTables(testApp);
      const hasQuery = endpoint.slots.some((slot) => slot.in === 'query');
      for (const [name, value] of HOSTILE_STRINGS.filter(([, value]) => value.length > 0 && value.length < 1000)) {
        const query = { ...endpoint.baseline().query, [value]: 'x', [`x${value}`]: value };
        // A route without query parameters reads none, so it ignores them (GET /subscribers/{id});
        // a mutating one would then act, so it is not sent those here.
        if (hasQuery) expectRefused(await send(endpoint, { query }), `${endpoint.name} with a query parameter named ${name}`);
        else if (!endpoint.mutates) expectNoServerError(await send(endpoint, { query }), `${endpoint.name} with a query parameter named ${name}`);
        if (endpoint.baseline().body) {
          expectRefused(await send(endpoint, { body: { ...endpoint.baseline().body, [`${value}`]: value } }), `${endpoint.name} with a field named ${name}`);
        }
      }
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it('answers malformed and percent-encoded paths with a 4xx, changing nothing', async () => {
      const before = await snapshotTables(testApp);
      const base = endpoint.path('ID');
      for (const broken of ['%', '%ff', '%E0%A4%A', '%00', '%C0%AE%C0%AE', '%2e%2e%2f%2e%2e', '..%5c..%5c']) {
        const path = base.includes('ID') ? base.replace('ID', broken) : `${base}/${broken}`;
        const agent = http();
        const response = await agent[endpoint.method](path)
          .set(auth)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(endpoint.baseline().body ?? {}));
        tally.add(endpoint.name, response.status);
        expectRefused(response, `${endpoint.method.toUpperCase()} ${path}`);
      }
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it(`never answers 5xx to requests built from hostile parts (fast-check, ${FUZZ_RUNS} runs), and changes nothing when it refuses`, async () => {
      const before = await snapshotTables(testApp);
      const bodyOf = (endpoint.baseline().body ?? null) as Record<string, unknown> | null;
      const knownKeys = [
        ...new Set([
          ...Object.keys(endpoint.baseline().query ?? {}),
          ...endpoint.slots.filter((slot) => slot.in !== 'path').map((slot) => slot.name.replace('[0]', '')),
        ]),
      ];
      const keys = knownKeys.length > 0 ? fc.oneof(fc.constantFrom(...knownKeys), hostileString(12)) : hostileString(12);
      const parts = fc.record({
        id: hostileString(24),
        query: fc.dictionary(keys, hostileString(24), { maxKeys: 3 }),
        body: fc.oneof({ weight: 3, arbitrary: fc.dictionary(keys, hostileJsonValue(), { maxKeys: 5 }) }, { weight: 1, arbitrary: hostileJsonValue() }),
      });
      // A request that could be accepted changes data: only those no rule accepts are sent to a mutating endpoint.
      const refusedByConstruction = (input: { id: string; body: unknown }): boolean => {
        if (!endpoint.mutates) return true;
        const idSlot = endpoint.slots.find((slot) => slot.in === 'path');
        if (idSlot && idSlot.verdict(asTransmitted(input.id)) === 'refuse' && input.id !== '') return true;
        if (bodyOf === null) return false;
        if (typeof input.body !== 'object' || input.body === null || Array.isArray(input.body)) return true;
        const body = { ...bodyOf, ...(input.body as Record<string, unknown>) };
        return (
          Object.keys(body).some((key) => !(key in bodyOf)) ||
          endpoint.slots.some((slot) => slot.in === 'body' && slot.name in body && slot.verdict(body[slot.name]) === 'refuse')
        );
      };
      await fc.assert(
        fc.asyncProperty(
          parts.filter((input) => refusedByConstruction(input)),
          async (input) => {
            const response = await send(endpoint, {
              id: endpoint.slots.some((slot) => slot.in === 'path') && input.id !== '' ? input.id : undefined,
              query: { ...endpoint.baseline().query, ...input.query },
              body:
                bodyOf !== null && typeof input.body === 'object' && input.body !== null && !Array.isArray(input.body)
                  ? { ...bodyOf, ...input.body }
                  : bodyOf === null
                    ? undefined
                    : input.body,
            });
            expectNoServerError(response, `${endpoint.name} ${JSON.stringify(input).slice(0, 300)}`);
            if (endpoint.mutates) expectRefused(response, `${endpoint.name} ${JSON.stringify(input).slice(0, 300)}`);
          },
        ),
        fuzzParameters(),
      );
      expect(await snapshotTables(testApp)).toEqual(before);
    });
  });

  describe.each(WITH_BODY.map((endpoint) => [endpoint.name, endpoint] as const))('%s: bodies', (_name, endpoint) => {
    it.each(HOSTILE_JSON_TEXTS.map(([name, text]) => [name, text] as const))('answers a body that is %s with a 4xx, changing nothing', async (name, text) => {
      const before = await snapshotTables(testApp);
      expectRefused(await send(endpoint, { raw: text }), `${endpoint.name} body: ${name}`);
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it('answers invalid UTF-8 bytes and a non-UTF-8 charset with a 4xx', async () => {
      const invalidUtf8 = Buffer.concat([
        Buffer.from('{"email":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0xaf]),
        Buffer.from('@example.com","name":"\xff"}', 'latin1'),
      ]);
      expectRefused(await send(endpoint, { raw: invalidUtf8 }), `${endpoint.name} with invalid UTF-8`);
      expectRefused(await send(endpoint, { raw: '{}', contentType: 'application/json; charset=utf-16' }), `${endpoint.name} as UTF-16`);
      expectRefused(
        await send(endpoint, { raw: JSON.stringify(endpoint.baseline().body), contentType: 'application/json; charset=latin1' }),
        `${endpoint.name} as latin1`,
      );
    });

    it.each([
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['multipart', 'multipart/form-data; boundary=xyz'],
      ['XML', 'application/xml'],
      ['bytes', 'application/octet-stream'],
      ['no content type at all', null],
    ] as const)('answers 415 to a body sent as %s, changing nothing', async (_case, contentType) => {
      const before = await snapshotTables(testApp);
      const response = await send(endpoint, { raw: Buffer.from(JSON.stringify(endpoint.baseline().body)), contentType });
      expect(response.status).toBe(415);
      expectRefused(response, `${endpoint.name} as ${contentType}`);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await snapshotTables(testApp)).toEqual(before);
    });

    it('answers 413 to a body over 1 MB, and reads one just under it', async () => {
      const before = await snapshotTables(testApp);
      const over = await send(endpoint, { raw: JSON.stringify({ ...endpoint.baseline().body, padding: 'x'.repeat(1024 * 1024) }) });
      expect(over.status).toBe(413);
      expectRefused(over, `${endpoint.name} over 1 MB`);
      expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const under = await send(endpoint, { raw: JSON.stringify({ ...endpoint.baseline().body, padding: 'x'.repeat(1000 * 1000) }) });
      expect(under.status).toBe(400); // read and validated: `padding` is no field
      expect(await snapshotTables(testApp)).toEqual(before);
    });
  });

  it('keeps text it accepts exactly as sent (emoji, right-to-left marks, combining marks, SQL quotes)', async () => {
    const texts = ['Zoë 😀🏳️‍🌈', '\u202eevil\u202c', 'e\u0301\u0301', 'O\'Brien"; drop table subscribers; --', '%_\\'];
    for (const name of texts) {
      const created = await http().post('/api/v1/subscribers').set(auth).send({ email: freshEmail(), name });
      expect(created.status).toBe(201);
      const read = await http().get(`/api/v1/subscribers/${created.body.data.id}`).set(auth);
      expect(read.body.data.name).toBe(name);
      const campaign = await http().put(`/api/v1/campaigns/text-${unique}`).set(auth).send({ name });
      expect(campaign.body.data.name).toBe(name);
    }
  });

  describe('provider webhooks', () => {
    const SES = '/api/v1/webhooks/ses';
    const MAILGUN = '/api/v1/webhooks/mailgun';
    const SENDGRID = '/api/v1/webhooks/sendgrid';
    const CONTENT_TYPES = [
      'application/json',
      'text/plain; charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'application/json; charset=utf-16',
      null,
    ] as const;

    const post = async (path: string, body: string | Buffer, contentType: string | null, headers: Record<string, string> = {}) => {
      let call = http().post(path).set(headers);
      if (contentType !== null) call = call.set('Content-Type', contentType);
      const response = await call.send(body);
      tally.add(`POST ${path}`, response.status);
      return response;
    };

    /** Junk as bytes: JSON of any shape, hostile text, or random bytes. */
    const junkBody = fc.oneof(
      { weight: 3, arbitrary: hostileJsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileString(200) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_JSON_TEXTS.map(([, text]) => text)) },
    );

    /** `count(bounces)` moves by exactly what the answer says was recorded. */
    const expectHonest = async (response: Response, before: number, what: string) => {
      expectNoServerError(response, what);
      const recorded = response.status < 300 ? Number(response.body.data.recorded) : 0;
      expect({ what, delta: (await bounceCount()) - before }).toEqual({ what, delta: recorded });
    };

    it.each([SES, MAILGUN, SENDGRID])(
      `refuses unsigned junk at %s with a 4xx in the error envelope, changing nothing (fast-check, ${FUZZ_RUNS} runs)`,
      async (path) => {
        const before = await snapshotTables(testApp);
        await fc.assert(
          fc.asyncProperty(junkBody, fc.constantFrom(...CONTENT_TYPES), async (body, contentType) => {
            expectRefused(await post(path, body, contentType), `unsigned junk at ${path} as ${contentType}: ${String(body).slice(0, 200)}`);
          }),
          fuzzParameters(),
        );
        expect(await snapshotTables(testApp)).toEqual(before);
        expect(fetched.requested).toEqual([]);
        expect(confirmer.confirmed).toEqual([]);
      },
    );

    it.each([SES, MAILGUN, SENDGRID])('answers 413 to a body over 10 MB at %s', async (path) => {
      const response = await post(path, JSON.stringify({ padding: 'x'.repeat(10 * 1024 * 1024) }), 'application/json');
      expect(response.status).toBe(413);
      expectRefused(response, `over 10 MB at ${path}`);
    });

    describe('correctly signed junk', () => {
      it(`SES: answers a signed Notification carrying junk with a 4xx or an ignoring 2xx, storing nothing (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const before = await snapshotTables(testApp);
        await fc.assert(
          fc.asyncProperty(junkBody, fc.option(hostileString(100), { nil: undefined }), async (message, subject) => {
            const envelope = sns.sign(snsNotification(Buffer.isBuffer(message) ? message.toString('utf8') : message, { subject }));
            const response = await post(SES, JSON.stringify(envelope), 'text/plain; charset=UTF-8');
            expectNoServerError(response, `signed SES junk ${JSON.stringify(envelope).slice(0, 300)}`);
            if (response.status < 300) expect(response.body.data).toMatchObject({ recorded: 0, duplicates: 0 });
          }),
          fuzzParameters(),
        );
        expect(await snapshotTables(testApp)).toEqual(before);
        expect(fetched.requested).toEqual([]);
      });

      it(`SES: answers signed envelopes with hostile fields (types, URLs, topic) with a 4xx or a 2xx, never fetching off SNS (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const before = await snapshotTables(testApp);
        const field = fc.oneof(
          hostileString(64),
          fc.constantFrom('https://evil.example/x.pem', 'https://169.254.169.254/', 'http://sns.eu-west-1.amazonaws.com/x.pem'),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'),
            fc.record({ MessageId: field, Timestamp: field, SubscribeURL: field, Token: field, UnsubscribeURL: field, Message: field }, { requiredKeys: [] }),
            async (type, changes) => {
              const base = type === 'Notification' ? snsNotification('{}') : snsSubscriptionMessage(type);
              const envelope = sns.sign({ ...base, ...changes });
              const response = await post(SES, JSON.stringify(envelope), 'text/plain; charset=UTF-8');
              expectNoServerError(response, `signed SES ${type} ${JSON.stringify(changes).slice(0, 300)}`);
            },
          ),
          fuzzParameters(),
        );
        expect(await snapshotTables(testApp)).toEqual(before);
        expect(fetched.requested).toEqual([]);
        expect(confirmer.confirmed.every((url) => url.startsWith('https://sns.eu-west-1.amazonaws.com/'))).toBe(true);
      });

      it(`SES: answers signed bounces with hostile recipients and fields honestly: 2xx or 4xx, bounces stored = recorded (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.record(
              {
                bouncedRecipients: fc.oneof(
                  fc.array(
                    fc.record(
                      { emailAddress: hostileJsonValue(), status: hostileJsonValue(), diagnosticCode: hostileJsonValue(), action: hostileJsonValue() },
                      { requiredKeys: [] },
                    ),
                    { maxLength: 4 },
                  ),
                  hostileJsonValue(),
                ),
                bounceType: hostileJsonValue(),
                bounceSubType: hostileJsonValue(),
                feedbackId: hostileJsonValue(),
              },
              { requiredKeys: [] },
            ),
            fc.record({ messageId: hostileJsonValue(), tags: hostileJsonValue(), headers: hostileJsonValue() }, { requiredKeys: [] }),
            async (bounceChanges, mailChanges) => {
              const event = sesFixture('bounce-permanent.event-publishing') as { bounce: object; mail: object };
              const message = { ...event, bounce: { ...event.bounce, ...bounceChanges }, mail: { ...event.mail, ...mailChanges } };
              const before = await bounceCount();
              const response = await post(SES, JSON.stringify(sns.notification(message)), 'text/plain; charset=UTF-8');
              await expectHonest(response, before, `signed SES bounce ${JSON.stringify(message).slice(0, 300)}`);
            },
          ),
          fuzzParameters(),
        );
      });

      it(`Mailgun: answers a signed body whose event-data is junk with 406 or an ignoring 200, storing nothing (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const before = await snapshotTables(testApp);
        await fc.assert(
          fc.asyncProperty(hostileJsonValue(), async (eventData) => {
            const response = await post(MAILGUN, JSON.stringify(signedMailgunJson(mailgunKey, eventData)), 'application/json');
            expectNoServerError(response, `signed Mailgun junk ${JSON.stringify(eventData).slice(0, 300)}`);
            if (response.status < 300) expect(response.body.data).toMatchObject({ recorded: 0, duplicates: 0 });
          }),
          fuzzParameters(),
        );
        expect(await snapshotTables(testApp)).toEqual(before);
      });

      it(`Mailgun: answers signed failures with hostile fields honestly: 2xx or 4xx, bounces stored = recorded (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const base = (
          JSON.parse(
            readFileSync(
              `${__dirname}/../libs/bounce-handling/src/webhooks/providers/mailgun/adapters/http/__fixtures__/json-failed-permanent-no-id.json`,
              'utf8',
            ),
          ) as { 'event-data': object }
        )['event-data'];
        await fc.assert(
          fc.asyncProperty(
            fc.record(
              {
                event: fc.oneof(fc.constantFrom('failed', 'complained', 'delivered'), hostileJsonValue()),
                severity: fc.oneof(fc.constantFrom('permanent', 'temporary'), hostileJsonValue()),
                recipient: fc.oneof(hostileString(80), hostileJsonValue()),
                id: hostileJsonValue(),
                reason: hostileJsonValue(),
                timestamp: hostileJsonValue(),
                message: hostileJsonValue(),
                'delivery-status': hostileJsonValue(),
                'user-variables': hostileJsonValue(),
              },
              { requiredKeys: [] },
            ),
            async (changes) => {
              const before = await bounceCount();
              const response = await post(MAILGUN, JSON.stringify(signedMailgunJson(mailgunKey, { ...base, ...changes })), 'application/json');
              await expectHonest(response, before, `signed Mailgun event ${JSON.stringify(changes).slice(0, 300)}`);
            },
          ),
          fuzzParameters(),
        );
      });

      it(`SendGrid: answers a signed batch of junk elements with an ignoring 200 or a 400, storing nothing (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const before = await snapshotTables(testApp);
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.array(hostileJsonValue(), { maxLength: 20 }).map((batch) => JSON.stringify(batch)),
              junkBody,
            ),
            async (body) => {
              const response = await post(SENDGRID, body, 'application/json', sendgrid.headers(body));
              expectNoServerError(response, `signed SendGrid junk ${String(body).slice(0, 300)}`);
              if (response.status < 300) expect(response.body.data).toMatchObject({ recorded: 0, duplicates: 0 });
            },
          ),
          fuzzParameters(),
        );
        expect(await snapshotTables(testApp)).toEqual(before);
      });

      it(`SendGrid: answers signed batches of events with hostile fields honestly: 2xx or 4xx, bounces stored = recorded (fast-check, ${FUZZ_RUNS} runs)`, async () => {
        const hostileEvent = fc.record(
          {
            email: fc.oneof(hostileString(80), hostileJsonValue()),
            event: fc.oneof(fc.constantFrom('bounce', 'dropped', 'spamreport', 'delivered'), hostileJsonValue()),
            type: fc.oneof(fc.constantFrom('bounce', 'blocked'), hostileJsonValue()),
            sg_event_id: hostileJsonValue(),
            sg_message_id: hostileJsonValue(),
            reason: hostileJsonValue(),
            status: hostileJsonValue(),
            campaign_id: hostileJsonValue(),
            timestamp: hostileJsonValue(),
            bounce_classification: hostileJsonValue(),
          },
          { requiredKeys: [] },
        );
        await fc.assert(
          fc.asyncProperty(fc.array(hostileEvent, { minLength: 1, maxLength: 5 }), async (changes) => {
            const body = JSON.stringify(changes.map((change) => ({ ...HARD_BOUNCE, ...change })));
            const before = await bounceCount();
            const response = await post(SENDGRID, body, 'application/json', sendgrid.headers(body));
            await expectHonest(response, before, `signed SendGrid batch ${body.slice(0, 300)}`);
          }),
          fuzzParameters(),
        );
      });
    });
  });

  describe('text PostgreSQL refuses inside provider events', () => {
    // Each row is an authentic, signed report of a real bounce that carries odd text: it is
    // stored (200, recorded 1) with that text made storable (U+FFFD), not answered 500.
    const ses = (change: (event: { bounce: { bouncedRecipients: Record<string, unknown>[] }; mail: Record<string, unknown> }) => void) => {
      const event = sesFixture('bounce-permanent.event-publishing') as {
        bounce: { bouncedRecipients: Record<string, unknown>[] };
        mail: Record<string, unknown>;
      };
      event.mail.messageId = `repro-${(unique += 1)}`;
      event.bounce = { ...event.bounce, feedbackId: `repro-${unique}` } as typeof event.bounce;
      change(event);
      return () =>
        http()
          .post('/api/v1/webhooks/ses')
          .set('Content-Type', 'text/plain')
          .send(JSON.stringify(sns.notification(event)));
    };
    const sendgridBatch = (change: Record<string, unknown>) => {
      const body = JSON.stringify([{ ...HARD_BOUNCE, sg_event_id: `repro-${(unique += 1)}`, ...change }]);
      return () => http().post('/api/v1/webhooks/sendgrid').set('Content-Type', 'application/json').set(sendgrid.headers(body)).send(body);
    };

    it.each([
      ['SES: a lone surrogate in a header of the raw event', ses((event) => (event.mail.headers = [{ name: 'Subject', value: 'x\ud800' }]))],
      ['SES: a lone surrogate in the diagnostic code', ses((event) => (event.bounce.bouncedRecipients[0].diagnosticCode = 'smtp; 550 \udc00'))],
      ['SES: a lone surrogate in the recipient address', ses((event) => (event.bounce.bouncedRecipients[0].emailAddress = 'x\udfff@example.com'))],
      ['SES: two NULs in a row in the raw event', ses((event) => (event.mail.headers = [{ name: 'Subject', value: 'a\u0000\u0000b' }]))],
      ['SendGrid: a lone surrogate in a custom field', sendgridBatch({ note: '\ud83d' })],
      ['SendGrid: two NULs in a row in a custom field', sendgridBatch({ note: '\u0000\u0000' })],
    ])('stores a signed report with %s (200, recorded 1)', async (_case, send) => {
      const response = await send();
      expect({ status: response.status, recorded: response.body.data?.recorded }).toEqual({ status: 200, recorded: 1 });
    });
  });

  describe('POST /api/v1/inbound/mail: raw messages', () => {
    const INBOUND = '/api/v1/inbound/mail';

    const postMail = async (body: Buffer | string, contentType: string | null = 'message/rfc822', query = '') => {
      let call = http().post(`${INBOUND}${query}`).set(auth);
      if (contentType !== null) call = call.set('Content-Type', contentType);
      const response = await call.send(body);
      tally.add(`POST ${INBOUND}`, response.status);
      return { response };
    };

    /**
     * Never a 5xx, and bounded: a 4xx in the error envelope that changed nothing stored, or a 200
     * whose counts add up (received = reports, at most the reader's cap; recorded + duplicates +
     * ignored = received) and whose `recorded` is what was stored (nothing at all on a dry run);
     * and the process still answers its health check. The work per message is bounded by the
     * parser's and the reader's limits, proven in their specs (how much of a message is read,
     * nesting, header size, reports per message); its speed is the bench's to measure.
     */
    const expectBounded = async (send: () => ReturnType<typeof postMail>, what: string, { dryRun = false }: { dryRun?: boolean } = {}): Promise<Response> => {
      const before = await snapshotTables(testApp);
      const bouncesBefore = await bounceCount();
      const { response } = await send();
      expectNoServerError(response, what);
      if (response.status >= 400 || dryRun) expect(await snapshotTables(testApp)).toEqual(before);
      if (response.status < 300) {
        const data = response.body.data as { received: number; recorded: number; duplicates: number; ignored: number; reports: unknown[] };
        expect(data.reports.length).toBeLessThanOrEqual(MAX_REPORTS_PER_MESSAGE);
        expect(data.received).toBe(data.reports.length);
        expect(data.recorded + data.duplicates + data.ignored).toBe(data.received);
        expect({ what, stored: (await bounceCount()) - bouncesBefore }).toEqual({ what, stored: data.recorded });
      }
      expect((await http().get('/health/live')).status).toBe(200);
      return response;
    };

    it('accepts a plain DSN (so that each answer below is the hostile part’s doing)', async () => {
      const response = await expectBounded(() => postMail(dsn('inbound-baseline', ['inbound-baseline@example.com'])), 'a plain DSN');
      expect(response.status).toBe(200);
      expect(response.body.data.received).toBe(1);
    });

    it.each(HOSTILE_MAIL.map(([name, build]) => [name, build] as const))(
      'answers a message with %s: a 4xx changing nothing or an honest 200, never a 5xx, and keeps serving',
      async (name, build) => {
        await expectBounded(() => postMail(build()), name);
      },
    );

    it.each([
      ['stored', ''],
      ['on a dry run', '?dry_run=true'],
    ])(
      `answers a DSN naming 10,000 recipients (%s) with at most ${MAX_REPORTS_PER_MESSAGE} reports, or a 4xx; a second post adds nothing`,
      async (_case, query) => {
        const message = dsnNaming(10_000, query ? 'many-dry' : 'many');
        const dryRun = query !== '';
        const first = await expectBounded(() => postMail(message, 'message/rfc822', query), `10,000 recipients ${query}`, { dryRun });
        const again = await expectBounded(() => postMail(message, 'message/rfc822', query), `10,000 recipients again ${query}`, { dryRun });
        expect(again.status).toBe(first.status);
        if (again.status === 200) {
          expect(again.body.data.recorded).toBe(0);
          expect(again.body.data.received).toBe(first.body.data.received);
        }
      },
    );

    it('reads a message of exactly 10 MB (the limit is inclusive) and answers 413 to one byte more, changing nothing', async () => {
      const exact = dsnOfSize(MAX_INBOUND_MAIL_BYTES, 'exactly-10mb');
      const read = await expectBounded(() => postMail(exact), 'a DSN of exactly 10 MB');
      expect(read.status).toBe(200);
      const over = await expectBounded(() => postMail(Buffer.concat([exact, Buffer.from('x')])), 'a DSN of 10 MB + 1 byte');
      expect(over.status).toBe(413);
      expectRefused(over, '10 MB + 1 byte');
      expect(over.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const junk = await expectBounded(() => postMail(Buffer.alloc(MAX_INBOUND_MAIL_BYTES, 0), 'application/octet-stream'), '10 MB of NUL bytes');
      expect(junk.status).toBeLessThan(500);
    });

    it.each([
      ['message/rfc822', 200],
      ['MESSAGE/RFC822', 200],
      ['text/plain', 200],
      ['text/plain; charset=utf-8', 200],
      ['text/plain; charset=x-unknown-42', 200],
      ['application/octet-stream', 200],
      ['application/json', 415],
      ['application/x-www-form-urlencoded', 415],
      ['multipart/form-data; boundary=xyz', 415],
      ['multipart/report; report-type=delivery-status; boundary=b', 415],
      ['message/delivery-status', 415],
      ['text/html', 415],
      ['', 415],
      ['*/*', 415],
      [null, 415],
    ] as const)('answers a DSN posted as %j with %i', async (contentType, status) => {
      const response = await expectBounded(
        () => postMail(dsn(`ct-${String(contentType).replace(/\W/g, '_')}`, ['ct@example.com']), contentType, '?dry_run=true'),
        `posted as ${contentType}`,
        { dryRun: true },
      );
      expect(response.status).toBe(status);
      if (status === 415) expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      ['2 MB of empty lines', () => Buffer.from('\r\n'.repeat(1024 * 1024))],
      [
        '10 MB of short lines in a report part',
        () =>
          Buffer.from(
            `Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n${'a\r\n'.repeat(3_000_000)}`,
          ),
      ],
    ])('answers %s (a million lines for the parser, of which it reads the first 256 KB)', async (name, build) => {
      await expectBounded(() => postMail(build()), name);
    });

    it(`answers DSNs with hostile recipients, statuses, codes and ids honestly: 2xx or 4xx, bounces stored = recorded (fast-check, ${FUZZ_RUNS} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            recipient: fc.oneof(
              hostileString(80),
              hostileString(20).map((local) => `${local}@example.com`),
            ),
            status: fc.oneof(fc.constantFrom('5.1.1', '4.2.2', '5.7.1', '2.0.0'), hostileString(12)),
            action: fc.oneof(fc.constantFrom('failed', 'delayed', 'delivered'), hostileString(12)),
            diagnostic: hostileString(200),
            messageId: hostileString(60),
            contentType: fc.constantFrom('message/rfc822', 'text/plain', 'application/octet-stream'),
          }),
          async ({ recipient, status, action, diagnostic, messageId, contentType }) => {
            const message = [
              'From: MAILER-DAEMON@mx.hostile.example',
              `Message-ID: <${messageId}>`,
              'Content-Type: multipart/report; report-type=delivery-status; boundary="f"',
              '',
              '--f',
              'Content-Type: message/delivery-status',
              '',
              `Final-Recipient: rfc822; ${recipient}`,
              `Action: ${action}`,
              `Status: ${status}`,
              `Diagnostic-Code: smtp; ${diagnostic}`,
              '',
              '--f--',
              '',
            ].join('\r\n');
            await expectBounded(
              () => postMail(message, contentType),
              `DSN ${JSON.stringify({ recipient, status, action, diagnostic, messageId }).slice(0, 300)}`,
            );
          },
        ),
        fuzzParameters(),
      );
    });
  });

  describe('provider parsers and mappers, called directly', () => {
    const PURE_RUNS = 200;
    /** What a parser or mapper may throw: a refusal the error filter answers with a 4xx. */
    const expectRefusalOrNothing = (run: () => unknown, what: string): void => {
      try {
        run();
      } catch (error) {
        const status = error instanceof DomainError ? 400 : error instanceof HttpException ? error.getStatus() : 500;
        if (status >= 500) throw new Error(`${what} threw ${String(error)}`);
      }
    };
    const anyJsonText = fc.oneof(
      fc.json(),
      fc.anything().map((value) => JSON.stringify(value) ?? 'undefined'),
      hostileString(100),
    );

    it(`parseSnsEnvelope: any JSON text, or any object with a valid Type, is an SNS message or a refusal (fast-check, ${PURE_RUNS} runs)`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            anyJsonText,
            fc
              .tuple(fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'), fc.dictionary(fc.string(), fc.anything()))
              .map(([Type, fields]) => JSON.stringify({ ...fields, Type })),
          ),
          (text) => {
            expectRefusalOrNothing(() => parseSnsEnvelope(Buffer.from(text)), `parseSnsEnvelope(${text.slice(0, 200)})`);
          },
        ),
        fuzzParameters(PURE_RUNS),
      );
    });

    it(`SesEventMapper: any Message, and any fields of the SES event types, give events or a refusal (fast-check, ${PURE_RUNS} runs)`, () => {
      const sesShaped = fc
        .tuple(fc.constantFrom('Bounce', 'Complaint', 'Delivery', 'bounce', 'DeliveryDelay'), fc.boolean(), fc.anything(), fc.anything(), fc.anything())
        .map(
          ([type, publishing, detail, mail, extra]) =>
            JSON.stringify({ [publishing ? 'eventType' : 'notificationType']: type, bounce: detail, complaint: detail, delivery: detail, mail, extra }) ?? '{}',
        );
      fc.assert(
        fc.property(fc.oneof(anyJsonText, sesShaped), (message) => {
          expectRefusalOrNothing(
            () => {
              const mapping = SesEventMapper.toDeliveryEvents('sns-message-id', message);
              for (const event of mapping.events) expect(EmailAddress.fromProvider(event.email.value)?.value).toBe(event.email.value);
            },
            `SesEventMapper(${message.slice(0, 200)})`,
          );
        }),
        fuzzParameters(PURE_RUNS),
      );
    });

    it(`mapSendGridEvent: any value at all is an event or ignored, never a throw (fast-check, ${PURE_RUNS} runs)`, () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.dictionary(fc.constantFrom('email', 'event', 'type', 'sg_event_id', 'reason', 'status', 'campaign_id', 'timestamp'), fc.anything()),
          ),
          (element) => {
            expect(() => mapSendGridEvent(element)).not.toThrow();
          },
        ),
        fuzzParameters(PURE_RUNS),
      );
    });

    it(`parseMailgunPayload + mapMailgunPayload: any body of any content type is a payload or a 406 (fast-check, ${PURE_RUNS} runs)`, async () => {
      const eventShaped = fc
        .tuple(fc.constantFrom('failed', 'complained', 'delivered', 'bounced', 'dropped'), fc.dictionary(fc.string(), fc.anything()))
        .map(([event, fields]) => JSON.stringify({ signature: { timestamp: '1', token: 't', signature: 's' }, 'event-data': { ...fields, event } }));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anyJsonText, eventShaped),
          fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'text/plain', undefined),
          async (text, contentType) => {
            let payload: Awaited<ReturnType<typeof parseMailgunPayload>> | null = null;
            try {
              payload = await parseMailgunPayload(contentType, Buffer.from(text));
            } catch (error) {
              // Mailgun's webhook answers it 406.
              if (!(error instanceof MalformedWebhookError)) throw error;
            }
            if (payload !== null) expectRefusalOrNothing(() => mapMailgunPayload(payload!), `mapMailgunPayload(${text.slice(0, 200)})`);
          },
        ),
        fuzzParameters(PURE_RUNS),
      );
    });
  });
});
