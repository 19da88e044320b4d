import type autocannon from 'autocannon';
import { type KeyObject, sign } from 'node:crypto';
import { sendGridBounceFor } from './classification';
import { SUBSCRIBERS, STRANGERS, subscriberEmail } from './database';
import { rawMail } from './raw-mail';

/** One request as autocannon sends it, and what storing it would add. */
export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /**
   * Events carried that are new (not re-deliveries): bounces to be stored once acknowledged. For
   * raw mail, the most a correct reader stores from the message (the answer says how many it did).
   */
  readonly newEvents: number;
  /** Events carried in all (for events/s). */
  readonly events: number;
}

export interface Check {
  /** Rows stored by this run, found by its marker. */
  readonly stored: number;
  /** Stored bounces whose subscriber shows no bounce since the run began (last_bounce_at): must be 0. */
  readonly unapplied: number;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly connections: number;
  /** Each call makes one run's request source; `marker` is unique to the run. */
  source(marker: string): RequestSource;
  /** SQL that counts what a run stored ($1 = marker pattern; $2 = the run's start, for `unapplied`), when the scenario writes. */
  readonly verifySql?: { stored: string; unapplied: string; markerPattern: (marker: string) => string };
}

export interface RequestSource {
  next(): BenchRequest;
  /** Called for a 2xx answer to `request`, with the answer's body. */
  acknowledge(request: BenchRequest, body: string): void;
  readonly acknowledgedNewEvents: number;
  readonly generatedNewEvents: number;
  /** Requests made while autocannon waited (no pre-generated one left). */
  readonly generatedInline: number;
  /** Pre-generates `count` requests, outside the measured window. */
  prepare(count: number): void;
}

export interface ScenarioContext {
  readonly apiKey: string;
  readonly sendgridKey: KeyObject;
  /** `user:password` of the SparkPost webhook, as SparkPost sends it (HTTP Basic). */
  readonly sparkpostCredentials: string;
}

const SIGNATURE = 'X-Twilio-Email-Event-Webhook-Signature';
const TIMESTAMP = 'X-Twilio-Email-Event-Webhook-Timestamp';

/** A deterministic pseudo-random sequence (xorshift32), so that every run sends the same mix. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function signed(key: KeyObject, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'Content-Type': 'application/json',
    [SIGNATURE]: sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), { key, dsaEncoding: 'der' }).toString('base64'),
    [TIMESTAMP]: timestamp,
  };
}

/**
 * A SendGrid event as its Event Webhook posts it: 95 % bounces with the receiving servers' real
 * answers (`SENDGRID_BOUNCE_MIX`: unknown users, full mailboxes, block lists, reputation, DMARC),
 * which the service classifies; 5 % spam reports.
 */
function sendGridEvent(next: () => number, id: string): Record<string, unknown> {
  const n = 1 + Math.floor(next() * SUBSCRIBERS);
  const roll = next();
  const common = {
    email: subscriberEmail(n),
    timestamp: Math.floor(Date.now() / 1000),
    'smtp-id': `<${id}@bench.example>`,
    sg_event_id: id,
    sg_message_id: `${id}.filter0001.16648.5515E0B88.0`,
    category: ['newsletter'],
    campaign_id: `campaign-${n % 50}`,
  };
  if (roll >= 0.95) return { ...common, event: 'spamreport' };
  const { type, status, reason, bounce_classification } = sendGridBounceFor(roll / 0.95);
  return { ...common, event: 'bounce', type, status, reason, bounce_classification };
}

/**
 * The `bounce_class` SparkPost gives the same answers (its bounce classification codes): an
 * invalid address 10, a full mailbox 22, a block list or reputation 51, a DMARC refusal 50.
 */
const SPARKPOST_CLASS_OF: Readonly<Record<string, string>> = { 'Invalid Address': '10', 'Mailbox Unavailable': '22', Reputation: '51', Content: '50' };

/**
 * A SparkPost message event as its webhook posts it, an element of the batch: the same mix as
 * `sendGridEvent` (95 % bounces with the same answers, as `raw_reason` with SparkPost's class;
 * 5 % spam complaints), numbers as strings as SparkPost sends them.
 */
function sparkPostEvent(next: () => number, id: string): Record<string, unknown> {
  const n = 1 + Math.floor(next() * SUBSCRIBERS);
  const roll = next();
  const common = {
    event_id: id,
    message_id: `${id}-msg`,
    transmission_id: '65832150921904138',
    timestamp: String(Math.floor(Date.now() / 1000)),
    rcpt_to: subscriberEmail(n),
    raw_rcpt_to: subscriberEmail(n),
    rcpt_type: 'to',
    rcpt_meta: { campaign_id: `campaign-${n % 50}` },
    rcpt_tags: ['newsletter'],
    campaign_id: 'Newsletter',
    customer_id: '1',
    friendly_from: 'news@bench.example',
  };
  if (roll >= 0.95) return { msys: { message_event: { ...common, type: 'spam_complaint', fbtype: 'abuse', report_by: 'feedback.example' } } };
  const { reason, bounce_classification } = sendGridBounceFor(roll / 0.95);
  const errorCode = reason.slice(0, 3);
  return {
    msys: {
      message_event: {
        ...common,
        type: 'bounce',
        bounce_class: SPARKPOST_CLASS_OF[bounce_classification] ?? '1',
        error_code: errorCode,
        raw_reason: reason,
        reason,
      },
    },
  };
}

/** Pre-generated requests first, then made on demand; counts what was acknowledged. */
class Source implements RequestSource {
  private readonly ready: BenchRequest[] = [];
  private cursor = 0;
  acknowledgedNewEvents = 0;
  generatedNewEvents = 0;
  generatedInline = 0;

  /**
   * `recordedOf`: how many events an answer says were stored (raw mail: its `recorded`); without
   * it, a 2xx acknowledges every new event the request carried.
   */
  constructor(
    private readonly make: () => BenchRequest,
    private readonly recordedOf?: (body: string) => number,
  ) {}

  prepare(count: number): void {
    for (let i = 0; i < count; i += 1) this.ready.push(this.generate());
  }

  next(): BenchRequest {
    if (this.cursor < this.ready.length) {
      const request = this.ready[this.cursor];
      this.ready[this.cursor++] = undefined as unknown as BenchRequest; // let it be collected
      return request;
    }
    this.generatedInline += 1;
    return this.generate();
  }

  acknowledge(request: BenchRequest, body: string): void {
    this.acknowledgedNewEvents += this.recordedOf ? this.recordedOf(body) : request.newEvents;
  }

  private generate(): BenchRequest {
    const request = this.make();
    this.generatedNewEvents += request.newEvents;
    return request;
  }
}

const SENDGRID_VERIFY = {
  stored: `select count(*)::int as "n" from "bounces" where "source" = 'sendgrid' and "provider_event_id" like $1`,
  unapplied: `select count(*)::int as "n" from "bounces" b join "subscribers" s on s."id" = b."subscriber_id"
    where b."source" = 'sendgrid' and b."provider_event_id" like $1 and (s."last_bounce_at" is null or s."last_bounce_at" < $2)`,
  markerPattern: (marker: string) => `${marker}-%`,
};

const SPARKPOST_VERIFY = {
  stored: `select count(*)::int as "n" from "bounces" where "source" = 'sparkpost' and "provider_event_id" like $1`,
  unapplied: `select count(*)::int as "n" from "bounces" b join "subscribers" s on s."id" = b."subscriber_id"
    where b."source" = 'sparkpost' and b."provider_event_id" like $1 and (s."last_bounce_at" is null or s."last_bounce_at" < $2)`,
  markerPattern: (marker: string) => `${marker}-%`,
};

/** Bounces read from raw mail: a run's rows are those whose dedupe key (`<Message-ID>:<recipient>`) starts with its marker. */
const INBOUND_VERIFY = {
  stored: `select count(*)::int as "n" from "bounces" where "source" = 'inbound' and "provider_event_id" like $1`,
  unapplied: `select count(*)::int as "n" from "bounces" b join "subscribers" s on s."id" = b."subscriber_id"
    where b."source" = 'inbound' and b."provider_event_id" like $1 and (s."last_bounce_at" is null or s."last_bounce_at" < $2)`,
  markerPattern: (marker: string) => `${marker}-%`,
};

/** `data.recorded` of an inbound-mail answer; NaN (which fails the verification) when the answer is not one. */
function recordedOf(body: string): number {
  try {
    const recorded = (JSON.parse(body) as { data?: { recorded?: unknown } }).data?.recorded;
    return typeof recorded === 'number' ? recorded : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function scenarios(context: ScenarioContext, connections: (id: string, fallback: number) => number): Scenario[] {
  const auth = { 'Content-Type': 'application/json', 'X-API-Key': context.apiKey };
  const authGet = { 'X-API-Key': context.apiKey };
  let seed = 1;

  const singleSendGrid = (marker: string, redeliveredShare: number): RequestSource => {
    const next = random(seed++);
    let counter = 0;
    const sent: { body: string; headers: Record<string, string> }[] = [];
    return new Source(() => {
      // Every fifth request (20 %) re-sends an earlier one as it was, signature and all.
      if (redeliveredShare > 0 && sent.length > 10 && next() < redeliveredShare) {
        const earlier = sent[Math.floor(next() * sent.length)];
        return { method: 'POST', path: '/api/v1/webhooks/sendgrid', headers: earlier.headers, body: earlier.body, newEvents: 0, events: 1 };
      }
      const body = JSON.stringify([sendGridEvent(next, `${marker}-${counter++}`)]);
      const headers = signed(context.sendgridKey, body);
      if (redeliveredShare > 0) sent.push({ body, headers });
      return { method: 'POST', path: '/api/v1/webhooks/sendgrid', headers, body, newEvents: 1, events: 1 };
    });
  };

  /** One raw message per request from the mix of bench/lib/raw-mail.ts; a dry run stores nothing, so it expects nothing stored. */
  const inboundMail = (marker: string, dryRun: boolean): RequestSource => {
    const next = random(seed++);
    let counter = 0;
    const headers = { 'Content-Type': 'message/rfc822', 'X-API-Key': context.apiKey };
    const path = dryRun ? '/api/v1/inbound/mail?dry_run=true' : '/api/v1/inbound/mail';
    return new Source(() => {
      const message = rawMail(next, `${marker}-${counter++}`);
      return { method: 'POST', path, headers, body: message.raw, newEvents: dryRun ? 0 : message.storable, events: 1 };
    }, recordedOf);
  };

  return [
    {
      id: 'api-bounce',
      title: 'single event: POST /api/v1/bounces',
      connections: connections('api-bounce', 10),
      source: (marker) => {
        const next = random(seed++);
        return new Source(() => {
          const n = 1 + Math.floor(next() * SUBSCRIBERS);
          const roll = next();
          const bounceType = roll < 0.5 ? 'hard' : roll < 0.9 ? 'soft' : 'complaint';
          const body = JSON.stringify({
            email: subscriberEmail(n),
            bounce_type: bounceType,
            bounce_subtype: marker,
            diagnostic_code: bounceType === 'complaint' ? undefined : '550 5.1.1 The email account that you tried to reach does not exist',
            campaign_id: `campaign-${n % 50}`,
          });
          return { method: 'POST', path: '/api/v1/bounces', headers: auth, body, newEvents: 1, events: 1 };
        });
      },
      verifySql: {
        stored: `select count(*)::int as "n" from "bounces" where "source" = 'api' and "bounce_subtype" = $1`,
        unapplied: `select count(*)::int as "n" from "bounces" b join "subscribers" s on s."id" = b."subscriber_id"
          where b."source" = 'api' and b."bounce_subtype" = $1 and (s."last_bounce_at" is null or s."last_bounce_at" < $2)`,
        markerPattern: (marker) => marker,
      },
    },
    {
      id: 'sendgrid-single',
      title: 'single event: signed SendGrid webhook, 1 event',
      connections: connections('sendgrid-single', 10),
      source: (marker) => singleSendGrid(marker, 0),
      verifySql: SENDGRID_VERIFY,
    },
    {
      id: 'sendgrid-redelivered',
      title: 'single event: signed SendGrid webhook, 20 % re-delivered',
      connections: connections('sendgrid-redelivered', 10),
      source: (marker) => singleSendGrid(marker, 0.2),
      verifySql: SENDGRID_VERIFY,
    },
    {
      id: 'sendgrid-batch',
      title: 'batch: signed SendGrid webhook, 1000 events',
      connections: connections('sendgrid-batch', 4),
      source: (marker) => {
        const next = random(seed++);
        let counter = 0;
        return new Source(() => {
          const events = Array.from({ length: 1000 }, () => sendGridEvent(next, `${marker}-${counter++}`));
          const body = JSON.stringify(events);
          return { method: 'POST', path: '/api/v1/webhooks/sendgrid', headers: signed(context.sendgridKey, body), body, newEvents: 1000, events: 1000 };
        });
      },
      verifySql: SENDGRID_VERIFY,
    },
    {
      id: 'sparkpost-batch',
      title: 'batch: SparkPost webhook (HTTP Basic), 1000 events',
      connections: connections('sparkpost-batch', 4),
      source: (marker) => {
        const next = random(seed++);
        let counter = 0;
        const headers = { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(context.sparkpostCredentials).toString('base64')}` };
        return new Source(() => {
          const events = Array.from({ length: 1000 }, () => sparkPostEvent(next, `${marker}-${counter++}`));
          return { method: 'POST', path: '/api/v1/webhooks/sparkpost', headers, body: JSON.stringify(events), newEvents: 1000, events: 1000 };
        });
      },
      verifySql: SPARKPOST_VERIFY,
    },
    {
      id: 'list-first',
      title: 'list: GET /api/v1/bounces first page (exact total)',
      connections: connections('list-first', 10),
      source: () => new Source(() => ({ method: 'GET', path: '/api/v1/bounces?limit=20&offset=0', headers: authGet, newEvents: 0, events: 0 })),
    },
    {
      id: 'list-offset',
      title: 'list: GET /api/v1/bounces offset 10,000 (exact total)',
      connections: connections('list-offset', 10),
      source: () => new Source(() => ({ method: 'GET', path: '/api/v1/bounces?limit=20&offset=10000', headers: authGet, newEvents: 0, events: 0 })),
    },
    {
      id: 'suppression-check',
      title: 'POST /api/v1/suppressions/check, 1000 addresses',
      connections: connections('suppression-check', 4),
      source: () => {
        const next = random(seed++);
        return new Source(() => {
          // 95 % subscribers (some bounced or unsubscribed), 3 % strangers (suppressed), 2 % unknown.
          const emails = Array.from({ length: 1000 }, (_, i) => {
            const roll = next();
            if (roll < 0.95) return subscriberEmail(1 + Math.floor(next() * SUBSCRIBERS));
            if (roll < 0.98) return `stranger${Math.floor(next() * STRANGERS)}@bench.example`;
            return `nobody${i}-${Math.floor(next() * 1e9)}@elsewhere.example`;
          });
          return { method: 'POST', path: '/api/v1/suppressions/check', headers: auth, body: JSON.stringify({ emails }), newEvents: 0, events: 0 };
        });
      },
    },
    {
      id: 'inbound-mail',
      title: 'raw mail: POST /api/v1/inbound/mail, one message (DSNs, ARF, text bounces, delays, auto-replies)',
      connections: connections('inbound-mail', 10),
      source: (marker) => inboundMail(marker, false),
      verifySql: INBOUND_VERIFY,
    },
    {
      id: 'inbound-mail-dry-run',
      title: 'raw mail: POST /api/v1/inbound/mail?dry_run=true, the same mix classified, nothing stored',
      connections: connections('inbound-mail-dry-run', 10),
      source: (marker) => inboundMail(marker, true),
      verifySql: INBOUND_VERIFY,
    },
  ];
}

/**
 * autocannon's requests for a source: each request is the source's next, and is acknowledged to
 * it when answered 2xx (so that the source knows which of its events the server took).
 */
export function requestsOf(source: RequestSource): autocannon.Request[] {
  return [
    {
      setupRequest: (request, context) => {
        const next: BenchRequest = source.next();
        (context as { pending?: BenchRequest }).pending = next;
        // A copy of the headers: autocannon writes the body's Content-Length into the object it is given.
        const built = { ...request, method: next.method, path: next.path, headers: { ...next.headers } } as autocannon.Request;
        if (next.body !== undefined) built.body = next.body;
        return built;
      },
      onResponse: (status, body, context) => {
        const pending = (context as { pending?: BenchRequest }).pending;
        if (pending && status >= 200 && status < 300) source.acknowledge(pending, body);
      },
    },
  ];
}
