import { openTestOrm, type TestOrm } from '../../../../test/support/test-orm';
import { MAX_ALLOW_LIST_NOTE_LENGTH } from '../allowlist/domain/allow-list-entry';
import { MAX_ALLOW_LIST_PATTERN_LENGTH } from '../allowlist/domain/allow-list-pattern';
import { API_KEY_HASH_LENGTH, MAX_API_KEY_NAME_LENGTH } from '../auth/domain/api-key';
import { BOUNCE_CATEGORIES, BOUNCE_REASONS, MAX_BOUNCE_CATEGORY_LENGTH, MAX_BOUNCE_REASON_LENGTH } from '../bounces/domain/bounce-classification/bounce-reason';
import {
  BOUNCE_SOURCES,
  BOUNCE_TYPES,
  MAX_BOUNCE_SOURCE_LENGTH,
  MAX_BOUNCE_STATUS_LENGTH,
  MAX_BOUNCE_TYPE_LENGTH,
  MAX_REMOTE_MTA_LENGTH,
} from '../bounces/domain/delivery-event';
import { MAX_CAMPAIGN_NAME_LENGTH } from '../campaigns/domain/campaign';
import {
  ADDRESS_STATUSES,
  MAX_ADDRESS_STATUS_LENGTH,
  MAX_STATUS_CHANGE_REASON_LENGTH,
  STATUS_CHANGE_REASONS,
  SUPPRESSION_REASONS,
} from '../shared/domain/address-status';
import { MAX_CAMPAIGN_ID_LENGTH } from '../shared/domain/campaign-id';
import { MAX_EMAIL_ADDRESS_LENGTH } from '../shared/domain/email-address';
import { MAX_BOUNCE_SUBTYPE_LENGTH, MAX_DIAGNOSTIC_CODE_LENGTH, MAX_PROVIDER_ID_LENGTH } from '../shared/domain/provider-text';
import { MAX_STATUS_CHANGE_ACTOR_LENGTH } from '../shared/domain/status-change';
import { MAX_SUBSCRIBER_NAME_LENGTH } from '../subscribers/domain/subscriber';
import { MAX_SUPPRESSION_NOTE_LENGTH, MAX_SUPPRESSION_ORIGIN_LENGTH, SUPPRESSION_ORIGINS } from '../shared/domain/address-status';
import { HEALTH_STATUSES, MAX_HEALTH_STATUS_LENGTH } from '../statistics/domain/campaign-health';
import { COUNTER_GRANULARITIES, MAX_COUNTER_GRANULARITY_LENGTH } from '../statistics/domain/counted-message';
import { MAX_STATISTICS_DIMENSION_LENGTH, MAX_STATISTICS_GROUP_LENGTH, STATISTICS_DIMENSIONS } from '../statistics/domain/statistics-range';
import {
  MAX_REFUSAL_MESSAGE_LENGTH,
  MAX_WEBHOOK_PROVIDER_LENGTH,
  MAX_WEBHOOK_REFUSAL_REASON_LENGTH,
  WEBHOOK_PROVIDERS,
  WEBHOOK_REFUSAL_REASONS,
} from '../webhooks/domain/webhook-activity';
import { MAX_ENDPOINT_URL_LENGTH } from '../outbound-webhooks/domain/endpoint-url';
import { MAX_OUTBOUND_EVENT_TYPE_LENGTH, MAX_WEBHOOK_DELIVERY_STATUS_LENGTH, WEBHOOK_DELIVERY_STATUSES } from '../outbound-webhooks/domain/webhook-delivery';
import { MAX_WEBHOOK_SECRET_LENGTH } from '../outbound-webhooks/domain/webhook-endpoint';
import { OUTBOUND_EVENT_TYPES } from '../shared/domain/outbound-event';

/**
 * Every column of limited length that the migrations create, `table.column`, with the constant
 * that the code declares for it (entities, DTOs, validators and mappers use the constant), and,
 * for a column of a closed vocabulary, the vocabulary, which must fit.
 */
const LIMITED_COLUMNS: Record<string, { readonly limit: number; readonly vocabulary?: readonly string[] }> = {
  'subscribers.email': { limit: MAX_EMAIL_ADDRESS_LENGTH },
  'subscribers.name': { limit: MAX_SUBSCRIBER_NAME_LENGTH },
  'subscribers.status': { limit: MAX_ADDRESS_STATUS_LENGTH, vocabulary: ADDRESS_STATUSES },
  'subscribers.suppressed_by': { limit: MAX_STATUS_CHANGE_REASON_LENGTH, vocabulary: SUPPRESSION_REASONS },
  'subscribers.suppression_origin': { limit: MAX_SUPPRESSION_ORIGIN_LENGTH, vocabulary: SUPPRESSION_ORIGINS },
  'subscribers.suppression_note': { limit: MAX_SUPPRESSION_NOTE_LENGTH },
  'address_states.email': { limit: MAX_EMAIL_ADDRESS_LENGTH },
  'address_states.status': { limit: MAX_ADDRESS_STATUS_LENGTH, vocabulary: ADDRESS_STATUSES },
  'address_states.suppressed_by': { limit: MAX_STATUS_CHANGE_REASON_LENGTH, vocabulary: SUPPRESSION_REASONS },
  'address_states.suppression_origin': { limit: MAX_SUPPRESSION_ORIGIN_LENGTH, vocabulary: SUPPRESSION_ORIGINS },
  'address_states.suppression_note': { limit: MAX_SUPPRESSION_NOTE_LENGTH },
  'campaigns.id': { limit: MAX_CAMPAIGN_ID_LENGTH },
  'webhook_endpoints.url': { limit: MAX_ENDPOINT_URL_LENGTH },
  'webhook_endpoints.secret': { limit: MAX_WEBHOOK_SECRET_LENGTH },
  'webhook_endpoints.created_by': { limit: MAX_STATUS_CHANGE_ACTOR_LENGTH },
  'outbox_events.type': { limit: MAX_OUTBOUND_EVENT_TYPE_LENGTH, vocabulary: OUTBOUND_EVENT_TYPES },
  'webhook_deliveries.status': { limit: MAX_WEBHOOK_DELIVERY_STATUS_LENGTH, vocabulary: WEBHOOK_DELIVERY_STATUSES },
  'campaigns.name': { limit: MAX_CAMPAIGN_NAME_LENGTH },
  'bounces.email': { limit: MAX_EMAIL_ADDRESS_LENGTH },
  'bounces.bounce_type': { limit: MAX_BOUNCE_TYPE_LENGTH, vocabulary: BOUNCE_TYPES },
  'bounces.bounce_subtype': { limit: MAX_BOUNCE_SUBTYPE_LENGTH },
  'bounces.source': { limit: MAX_BOUNCE_SOURCE_LENGTH, vocabulary: BOUNCE_SOURCES },
  'bounces.campaign_id': { limit: MAX_CAMPAIGN_ID_LENGTH },
  'bounces.provider_message_id': { limit: MAX_PROVIDER_ID_LENGTH },
  'bounces.provider_event_id': { limit: MAX_PROVIDER_ID_LENGTH },
  'bounces.reason': { limit: MAX_BOUNCE_REASON_LENGTH, vocabulary: BOUNCE_REASONS },
  'bounces.category': { limit: MAX_BOUNCE_CATEGORY_LENGTH, vocabulary: BOUNCE_CATEGORIES },
  'bounces.status': { limit: MAX_BOUNCE_STATUS_LENGTH },
  'bounces.remote_mta': { limit: MAX_REMOTE_MTA_LENGTH },
  'bounce_dedupe_keys.source': { limit: MAX_BOUNCE_SOURCE_LENGTH, vocabulary: BOUNCE_SOURCES },
  'bounce_dedupe_keys.provider_event_id': { limit: MAX_PROVIDER_ID_LENGTH },
  'status_changes.email': { limit: MAX_EMAIL_ADDRESS_LENGTH },
  'status_changes.previous_status': { limit: MAX_ADDRESS_STATUS_LENGTH, vocabulary: ADDRESS_STATUSES },
  'status_changes.status': { limit: MAX_ADDRESS_STATUS_LENGTH, vocabulary: ADDRESS_STATUSES },
  'status_changes.reason': { limit: MAX_STATUS_CHANGE_REASON_LENGTH, vocabulary: STATUS_CHANGE_REASONS },
  'status_changes.actor': { limit: MAX_STATUS_CHANGE_ACTOR_LENGTH },
  'api_keys.name': { limit: MAX_API_KEY_NAME_LENGTH },
  'api_keys.key_hash': { limit: API_KEY_HASH_LENGTH },
  'webhook_activity.provider': { limit: MAX_WEBHOOK_PROVIDER_LENGTH, vocabulary: WEBHOOK_PROVIDERS },
  'webhook_activity.last_refusal_reason': { limit: MAX_WEBHOOK_REFUSAL_REASON_LENGTH, vocabulary: Object.keys(WEBHOOK_REFUSAL_REASONS) },
  'allowlist_entries.pattern': { limit: MAX_ALLOW_LIST_PATTERN_LENGTH },
  'allowlist_entries.added_by': { limit: MAX_STATUS_CHANGE_ACTOR_LENGTH },
  'delivery_statistics.dimension': { limit: MAX_STATISTICS_DIMENSION_LENGTH, vocabulary: STATISTICS_DIMENSIONS },
  'delivery_statistics.group_key': { limit: MAX_STATISTICS_GROUP_LENGTH },
  'delivery_statistics.granularity': { limit: MAX_COUNTER_GRANULARITY_LENGTH, vocabulary: COUNTER_GRANULARITIES },
  'campaign_health_levels.campaign_id': { limit: MAX_CAMPAIGN_ID_LENGTH },
  'campaign_health_levels.status': { limit: MAX_HEALTH_STATUS_LENGTH, vocabulary: HEALTH_STATUSES },
};

/** Text columns whose limit the code keeps alone: the column itself must take any length. */
const LIMITED_BY_THE_CODE: Record<string, number> = {
  'bounces.diagnostic_code': MAX_DIAGNOSTIC_CODE_LENGTH,
  'webhook_activity.last_refusal_message': MAX_REFUSAL_MESSAGE_LENGTH,
  'allowlist_entries.note': MAX_ALLOW_LIST_NOTE_LENGTH,
};

/** MikroORM's own table of applied migrations, which is not the library's schema. */
const MIGRATOR_TABLE = 'mikro_orm_migrations';

interface TextColumn {
  readonly column: string;
  readonly type: string;
  readonly maxLength: number | null;
}

/** `char_length("column") <= N` in a check constraint, as PostgreSQL writes it back. */
const CHAR_LENGTH_CHECK = /char_length\(\(?"?(\w+)"?\)?(?:::text)?\)\s*<=\s*(\d+)/g;

describe('the length limits of the migrated columns and the constants of the code', () => {
  let db: TestOrm;
  let columns: Map<string, TextColumn>;
  /** `table.column` → the limits that check constraints set on it. */
  let checkedLengths: Map<string, number[]>;

  beforeAll(async () => {
    db = await openTestOrm({ poolSize: 1 });
    // A partition's columns are its parent's (`bounces_2026_12` is a month of `bounces`): the parent is checked.
    const rows = await db.sql<{ table_name: string; column_name: string; data_type: string; character_maximum_length: number | null }>(
      `select table_name, column_name, data_type, character_maximum_length
         from information_schema.columns
        where table_schema = current_schema() and table_name <> ?
          and data_type in ('character varying', 'character', 'text')
          and (quote_ident(table_schema) || '.' || quote_ident(table_name))::regclass not in (select inhrelid from pg_inherits)`,
      [MIGRATOR_TABLE],
    );
    columns = new Map(
      rows.map((row) => [
        `${row.table_name}.${row.column_name}`,
        { column: `${row.table_name}.${row.column_name}`, type: row.data_type, maxLength: row.character_maximum_length },
      ]),
    );
    const checks = await db.sql<{ table_name: string; definition: string }>(
      `select c.conrelid::regclass::text as table_name, pg_get_constraintdef(c.oid) as definition
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'c' and n.nspname = current_schema()`,
    );
    checkedLengths = new Map();
    for (const check of checks) {
      for (const [, column, limit] of check.definition.matchAll(CHAR_LENGTH_CHECK)) {
        const key = `${check.table_name.replace(/"/g, '')}.${column}`;
        checkedLengths.set(key, [...(checkedLengths.get(key) ?? []), Number(limit)]);
      }
    }
  });

  afterAll(async () => {
    await db.close();
  });

  it.each(Object.entries(LIMITED_COLUMNS))('%s is as long as the constant the code declares for it', (column, { limit }) => {
    const migrated = columns.get(column);
    expect({ column, type: migrated?.type, maxLength: migrated?.maxLength }).toEqual({ column, type: expect.stringMatching(/^character/), maxLength: limit });
    for (const checked of checkedLengths.get(column) ?? []) expect({ column, checked }).toEqual({ column, checked: limit });
  });

  it.each(Object.entries(LIMITED_BY_THE_CODE))("%s takes text of any length: its limit (%d) is the code's alone", (column) => {
    expect(columns.get(column)).toEqual({ column, type: 'text', maxLength: null });
    expect(checkedLengths.get(column)).toBeUndefined();
  });

  it('knows every text column of limited length that the migrations create', () => {
    const limited = [...columns.values()].filter((column) => column.maxLength !== null || checkedLengths.has(column.column)).map((column) => column.column);
    expect(limited.sort()).toEqual(Object.keys(LIMITED_COLUMNS).sort());
  });

  it.each(Object.entries(LIMITED_COLUMNS).filter(([, { vocabulary }]) => vocabulary !== undefined))(
    '%s holds every word of its vocabulary',
    (_column, { limit, vocabulary }) => {
      expect((vocabulary ?? []).filter((word) => word.length > limit)).toEqual([]);
    },
  );
});
