import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetPage, KeysetPageRequest, Page, PageRequest } from '../../../shared/application/page';
import type { BounceView } from '../../domain/bounce';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS } from '../../domain/bounce-classification/bounce-reason';
import { BOUNCE_SOURCES, BOUNCE_TYPES } from '../../domain/delivery-event';
import {
  type AddressMessage,
  type BounceDetail,
  type BounceFilter,
  BounceRepository,
  type NewBounce,
  type ProviderEventKey,
} from '../../application/ports/bounce.repository.port';
import { bounceListStatements, pageOf } from './bounce-list.query';
import { pgJson, pgText } from '../../../shared/adapters/persistence/pg-text';
import { storableRawPayload } from './raw-payload';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';

const bounceIdRow = pgRow({ id: col.integer });

const totalRow = pgRow({ total: col.integer });

const providerEventKeyRow = pgRow({ source: col.oneOf(BOUNCE_SOURCES), provider_event_id: col.text });

const addressMessageRow = pgRow({ email: col.text, provider_message_id: col.text });

/** The columns of a listed bounce, with the names of its campaign and subscriber. */
const BOUNCE_VIEW_COLUMNS = {
  id: col.integer,
  email: col.text,
  bounce_type: col.oneOf(BOUNCE_TYPES),
  bounce_subtype: col.nullable(col.text),
  diagnostic_code: col.nullable(col.text),
  reason: col.oneOf(BOUNCE_REASONS),
  category: col.oneOf(BOUNCE_CATEGORIES),
  status: col.nullable(col.text),
  remote_mta: col.nullable(col.text),
  source: col.oneOf(BOUNCE_SOURCES),
  subscriber_id: col.nullable(col.integer),
  campaign_id: col.nullable(col.text),
  provider_message_id: col.nullable(col.text),
  provider_event_id: col.nullable(col.text),
  created_at: col.timestamp,
  campaign_name: col.nullable(col.text),
  subscriber_name: col.nullable(col.text),
};

/** A bounce of a page (see `pageOf`), with its keyset position's `created_at`. */
const bounceViewRow = pgRow({ ...BOUNCE_VIEW_COLUMNS, position_at: col.text });

const bounceDetailRow = pgRow({ ...BOUNCE_VIEW_COLUMNS, raw_payload: col.json });

/**
 * Which of the (address, message id) pairs of its parameter (a JSON array of `{ email, message }`)
 * already soft-bounced: one index for every month of bounces (the SoftBouncedMessages migration),
 * not one per month. Exported for the bench, which times it at 50 million bounces.
 */
export const SOFT_BOUNCED_MESSAGES_STATEMENT = `select distinct k."email", k."provider_message_id"
  from jsonb_to_recordset(?::jsonb) as r("email" text, "message" text)
  join "soft_bounced_messages" k on k."email" = r."email" and k."provider_message_id" = r."message"`;

/** The next bounce id; the sequence is named once per statement (a sub-select), not looked up for every id. */
const NEXT_BOUNCE_ID = `nextval((select pg_get_serial_sequence('bounces', 'id'))::regclass)`;

@Injectable()
export class PostgresBounceRepository extends BounceRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async addAll(bounces: readonly NewBounce[]): Promise<(number | null)[]> {
    if (bounces.length === 0) return [];
    // Ids are drawn first so that each row's id is known whatever order the insert reports in.
    const ids =
      bounces.length === 1
        ? [null]
        : (await pgSelect(this.em, `select ${NEXT_BOUNCE_ID} as "id" from generate_series(1, ?)`, [bounces.length], bounceIdRow)).map((row) => row.id);
    // Every text is made storable field by field, and each raw event is already storable JSON
    // text: it is set into its row as JSON (not as a string of JSON), so that neither side
    // escapes and parses it twice.
    const rows = bounces.map((bounce, n) => {
      const fields = JSON.stringify({
        id: ids[n],
        email: pgText(bounce.email),
        bounce_type: bounce.bounceType,
        bounce_subtype: pgText(bounce.bounceSubtype),
        diagnostic_code: pgText(bounce.diagnosticCode),
        reason: bounce.cause.reason,
        category: bounce.cause.category,
        status: pgText(bounce.cause.status),
        remote_mta: pgText(bounce.cause.remoteMta),
        source: bounce.source,
        subscriber_id: bounce.subscriberId,
        campaign_id: pgText(bounce.campaignId),
        provider_message_id: pgText(bounce.providerMessageId),
        provider_event_id: pgText(bounce.providerEventId),
        created_at: bounce.createdAt.toISOString(),
      });
      const raw = storableRawPayload(bounce.rawPayload);
      return raw === null ? fields : `${fields.slice(0, -1)},"raw_payload":${raw}}`;
    });
    // A report's dedupe key is claimed in `bounce_dedupe_keys` (one table for every month of
    // bounces, which are partitioned) and the bounce stored only when the key was new, or when it
    // has none: one statement, so that a batch stays one round trip and a key is never claimed for
    // a bounce that is not stored. Two rows of a batch with one key: the first claims it.
    const inserted = await pgSelect(
      this.em,
      `with "r" as materialized (
         select coalesce(r."id", ${NEXT_BOUNCE_ID}) as "id", r."email", r."bounce_type", r."bounce_subtype", r."diagnostic_code", r."reason",
           r."category", r."status", r."remote_mta", r."source", r."subscriber_id", r."campaign_id", r."provider_message_id",
           r."provider_event_id", r."raw_payload", r."created_at"
           from jsonb_to_recordset(?::jsonb) as r("id" bigint, "email" text, "bounce_type" text, "bounce_subtype" text,
             "diagnostic_code" text, "reason" text, "category" text, "status" text, "remote_mta" text, "source" text,
             "subscriber_id" bigint, "campaign_id" text, "provider_message_id" text, "provider_event_id" text, "raw_payload" jsonb,
             "created_at" timestamptz)),
       "claimed" as (
         insert into "bounce_dedupe_keys" ("source", "provider_event_id", "bounce_id", "created_at")
         select "source", "provider_event_id", "id", "created_at" from "r" where "provider_event_id" is not null
         on conflict do nothing
         returning "bounce_id")
       insert into "bounces" ("id", "email", "bounce_type", "bounce_subtype", "diagnostic_code", "reason", "category", "status",
         "remote_mta", "source", "subscriber_id", "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at")
       overriding system value
       select "id", "email", "bounce_type", "bounce_subtype", "diagnostic_code", "reason", "category", "status", "remote_mta", "source",
         "subscriber_id", "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at"
         from "r" where "provider_event_id" is null or "id" in (select "bounce_id" from "claimed")
       returning "id"`,
      [`[${rows.join(',')}]`],
      bounceIdRow,
    );
    if (bounces.length === 1) return [inserted.length === 1 ? inserted[0].id : null];
    const stored = new Set(inserted.map((row) => row.id));
    return ids.map((id) => (stored.has(id as number) ? id : null));
  }

  async recordedEvents(keys: readonly ProviderEventKey[]): Promise<ProviderEventKey[]> {
    if (keys.length === 0) return [];
    const rows = await pgSelect(
      this.em,
      `select k."source", k."provider_event_id"
         from jsonb_to_recordset(?::jsonb) as r("source" text, "id" text)
         join "bounce_dedupe_keys" k on k."source" = r."source" and k."provider_event_id" = r."id"`,
      [pgJson(keys.map((key) => ({ source: key.source, id: pgText(key.providerEventId) })))],
      providerEventKeyRow,
    );
    return rows.map((row) => ({ source: row.source, providerEventId: row.provider_event_id }));
  }

  async softBouncedMessages(messages: readonly AddressMessage[]): Promise<AddressMessage[]> {
    if (messages.length === 0) return [];
    const rows = await pgSelect(
      this.em,
      SOFT_BOUNCED_MESSAGES_STATEMENT,
      [pgJson(messages.map((message) => ({ email: message.email, message: pgText(message.providerMessageId) })))],
      addressMessageRow,
    );
    return rows.map((row) => ({ email: row.email, providerMessageId: row.provider_message_id }));
  }

  async list(filter: BounceFilter, page: KeysetPageRequest): Promise<KeysetPage<BounceView>> {
    const statements = bounceListStatements(filter, page);
    const [rows, total] = await Promise.all([
      pgSelect(this.em, statements.page.sql, statements.page.params, bounceViewRow),
      this.count(statements.count.sql, statements.count.params),
    ]);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    // One row more than the page was read: there is a next page only when it came.
    const next = rows.length > page.limit && last !== undefined ? [last.position_at, last.id] : null;
    return { items: items.map(toView), total, limit: page.limit, offset: page.offset ?? 0, next };
  }

  async findById(id: number): Promise<BounceDetail | null> {
    const [row] = await pgSelect(
      this.em,
      `select b."id", b."email", b."bounce_type", b."bounce_subtype", b."diagnostic_code", b."reason", b."category", b."status", b."remote_mta",
         b."source", b."subscriber_id", b."campaign_id", b."provider_message_id", b."provider_event_id", b."created_at", b."raw_payload",
         c."name" as "campaign_name", s."name" as "subscriber_name"
         from "bounces" b
         left join "campaigns" c on c."id" = b."campaign_id"
         left join "subscribers" s on s."id" = b."subscriber_id"
        where b."id" = ?`,
      [id],
      bounceDetailRow,
    );
    return row === undefined ? null : { ...toView(row), rawPayload: row.raw_payload };
  }

  async listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    const [rows, total] = await Promise.all([
      pgSelect(this.em, pageOf('where "subscriber_id" = ?', 'limit ? offset ?'), [subscriberId, page.limit, page.offset], bounceViewRow),
      this.count('select count(*) as "total" from "bounces" where "subscriber_id" = ?', [subscriberId]),
    ]);
    return { items: rows.map(toView), total, limit: page.limit, offset: page.offset };
  }

  private async count(sql: string, params: readonly unknown[]): Promise<number> {
    const [row] = await pgSelect(this.em, sql, params, totalRow);
    return row.total;
  }
}

function toView(row: ReturnType<typeof bounceDetailRow> | ReturnType<typeof bounceViewRow>): BounceView {
  return {
    id: row.id,
    email: row.email,
    bounceType: row.bounce_type,
    bounceSubtype: row.bounce_subtype,
    diagnosticCode: row.diagnostic_code,
    cause: { reason: row.reason, category: row.category, status: row.status, remoteMta: row.remote_mta },
    source: row.source,
    subscriberId: row.subscriber_id,
    campaignId: row.campaign_id,
    providerMessageId: row.provider_message_id,
    providerEventId: row.provider_event_id,
    createdAt: row.created_at,
    campaignName: row.campaign_name,
    subscriberName: row.subscriber_name,
  };
}
