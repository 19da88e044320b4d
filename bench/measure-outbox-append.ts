/**
 * A quick measurement (not a test, not a load scenario): what appending outbound events costs
 * ingestion. The same reports are ingested by `IngestDeliveryEvents` on PostgreSQL three ways —
 * with an outbox that does nothing (ingestion as it was before outbound events), with
 * `PostgresOutbox` and no endpoint registered, and with one endpoint subscribed to every type
 * (events and deliveries written) — in interleaved rounds; the median of each is printed.
 *
 *   npx ts-node --transpile-only bench/measure-outbox-append.ts
 *
 * On a new database of the PostgreSQL at `MEASURE_DATABASE_ADMIN_URL` (default
 * `postgres://postgres@127.0.0.1:5432/postgres`), migrated, and dropped at the end.
 * `MEASURE_SINGLES` (default 2000) and `MEASURE_BATCHES` (of 1000 reports, default 10) change the sizes.
 */
import { PostgresBounceRepository } from '../libs/bounce-handling/src/bounces/adapters/persistence/postgres-bounce-repository.adapter';
import { BounceHandlingRules } from '../libs/bounce-handling/src/bounces/application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../libs/bounce-handling/src/bounces/application/ingest-delivery-events.use-case';
import { PostgresAddressStateRepository } from '../libs/bounce-handling/src/shared/adapters/persistence/postgres-address-state-repository.adapter';
import { PostgresOutbox } from '../libs/bounce-handling/src/shared/adapters/persistence/postgres-outbox.adapter';
import { PostgresStatusChangeLog } from '../libs/bounce-handling/src/shared/adapters/persistence/postgres-status-change-log.adapter';
import { PostgresTransactionRunner } from '../libs/bounce-handling/src/shared/adapters/persistence/postgres-transaction-runner.adapter';
import { SystemClock } from '../libs/bounce-handling/src/shared/adapters/system-clock.adapter';
import { Outbox } from '../libs/bounce-handling/src/shared/application/ports/outbox.port';
import { AllowList } from '../libs/bounce-handling/src/bounces/application/ports/allow-list.port';
import { DeliveryStatistics } from '../libs/bounce-handling/src/bounces/application/ports/delivery-statistics.port';
import { IngestionMetrics } from '../libs/bounce-handling/src/bounces/application/ports/ingestion-metrics.port';
import type { BounceEvent } from '../libs/bounce-handling/src/bounces/domain/delivery-event';
import { EmailAddress } from '../libs/bounce-handling/src/shared/domain/email-address';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { closeConnectionPool } from '../libs/bounce-handling/src/shared/adapters/persistence/postgres-connection-pool';
import { mikroOrmOptions } from '../src/database/mikro-orm.options';

const SINGLES = Number(process.env.MEASURE_SINGLES ?? 2000);
const BATCHES = Number(process.env.MEASURE_BATCHES ?? 10);
const ROUNDS = Number(process.env.MEASURE_ROUNDS ?? 3);

/** A report as a provider would give it: a hard bounce, or a soft one (a full mailbox). */
const aBounce = (email: string, bounceType: 'hard' | 'soft', providerEventId: string | null): BounceEvent => ({
  kind: 'bounce',
  bounceType,
  email: EmailAddress.parse(email),
  source: providerEventId === null ? 'api' : 'sendgrid',
  providerEventId,
  providerMessageId: null,
  campaignId: null,
  subtype: bounceType === 'hard' ? 'General' : 'MailboxFull',
  diagnosticCode: bounceType === 'hard' ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 mailbox full',
  rawPayload: null,
});

class EmptyAllowList implements AllowList {
  async allowListedAmong(): Promise<ReadonlySet<string>> {
    return new Set();
  }
}

class NoOutbox extends Outbox {
  async append(): Promise<void> {}
}

/** Statistics and metrics are measured elsewhere: here they cost nothing, in every variant alike. */
class UncountedStatistics extends DeliveryStatistics {
  async count(): Promise<{ publish(): Promise<void> }> {
    return { publish: async () => undefined };
  }
}

class UncountedMetrics extends IngestionMetrics {
  countIngested(): void {}
}

type Variant = 'no outbox' | 'outbox, no endpoint' | 'outbox, 1 endpoint';
const VARIANTS: Variant[] = ['no outbox', 'outbox, no endpoint', 'outbox, 1 endpoint'];

async function main(): Promise<void> {
  const admin = process.env.MEASURE_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mailpass_measure_outbox_${Date.now()}`;
  await withClient(admin, (client) => client.query(`create database "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init(mikroOrmOptions(url.toString()));
  await orm.getMigrator().up();
  const sql = (query: string) => orm.em.getConnection().execute(query);
  try {
    const em = orm.em;
    const ingestWith = (outbox: Outbox) =>
      new IngestDeliveryEvents(
        new PostgresTransactionRunner(em),
        new PostgresAddressStateRepository(em),
        new PostgresBounceRepository(em),
        new PostgresStatusChangeLog(em),
        { publish: async () => undefined },
        new BounceHandlingRules(3),
        new SystemClock(),
        new EmptyAllowList(),
        outbox,
        new UncountedStatistics(),
        new UncountedMetrics(),
      );
    const results: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of VARIANTS) {
        await reset(sql, variant);
        const ingest = ingestWith(variant === 'no outbox' ? new NoOutbox() : new PostgresOutbox(em));
        let started = process.hrtime.bigint();
        for (let n = 0; n < SINGLES; n += 1) await ingest.execute([aBounce(`single-${n}@example.com`, 'hard', null)]);
        record(results, `${variant} | ${SINGLES} single hard bounces (1 transaction each)`, started, SINGLES);
        started = process.hrtime.bigint();
        for (let b = 0; b < BATCHES; b += 1) {
          await ingest.execute(Array.from({ length: 1000 }, (_, n) => aBounce(`batch-${b}-${n}@example.com`, 'soft', `e-${b}-${n}`)));
        }
        record(results, `${variant} | ${BATCHES} batches of 1000 soft bounces`, started, BATCHES * 1000);
      }
    }
    for (const [name, perSecond] of Object.entries(results)) {
      const sorted = [...perSecond].sort((a, b) => a - b);
      console.log(`${name}: median ${Math.round(sorted[Math.floor(sorted.length / 2)])} reports/s (rounds: ${perSecond.map(Math.round).join(', ')})`);
    }
  } finally {
    await closeConnectionPool(orm.em);
    await orm.close(true);
    await withClient(admin, (client) => client.query(`drop database "${name}"`));
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function reset(sql: (query: string) => Promise<unknown>, variant: Variant): Promise<void> {
  await sql(
    'truncate bounces, subscribers, address_states, status_changes, webhook_delivery_attempts, webhook_deliveries, outbox_events, webhook_endpoints restart identity cascade',
  );
  if (variant === 'outbox, 1 endpoint') {
    await sql(
      `insert into webhook_endpoints (url, events, secret, created_at) values ('https://hooks.example.com', '{bounce.recorded,subscriber.status_changed,suppression.added,suppression.removed,alert.triggered}', 'whsec_x', now())`,
    );
  }
  await sql('vacuum analyze');
}

function record(results: Record<string, number[]>, name: string, started: bigint, reports: number): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  (results[name] ??= []).push(reports / seconds);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
