import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow, UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import type { Page, PageRequest } from '../../../shared/application/page';
import { isOutboundEventType, type OutboundEventType } from '../../../shared/domain/outbound-event';
import { WebhookEndpointRepository } from '../../application/ports/webhook-endpoint.repository.port';
import type { NewWebhookEndpoint, WebhookEndpoint, WebhookEndpointWithSecret } from '../../domain/webhook-endpoint';

const COLUMNS = '"id", "url", "events", "created_by", "created_at"';

const ENDPOINT = { id: col.integer, url: col.text, events: col.textArray, created_by: col.nullable(col.text), created_at: col.timestamp };
const endpointRow = pgRow(ENDPOINT);
const withSecretRow = pgRow({ ...ENDPOINT, secret: col.text });
const countRow = pgRow({ total: col.integer });

/** `webhook_endpoints` by SQL. A deleted endpoint keeps its row (its deliveries name it) and is found by nothing here. */
@Injectable()
export class PostgresWebhookEndpointRepository extends WebhookEndpointRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointWithSecret> {
    const [row] = await pgSelect(
      this.em,
      `insert into "webhook_endpoints" ("url", "events", "secret", "created_by", "created_at") values (?, ?::text[], ?, ?, ?)
       returning ${COLUMNS}, "secret"`,
      [endpoint.url, [...endpoint.events], endpoint.secret, endpoint.createdBy, endpoint.createdAt],
      withSecretRow,
    );
    return { ...toEndpoint(row), secret: row.secret };
  }

  async find(id: number): Promise<WebhookEndpoint | null> {
    const [row] = await pgSelect(this.em, `select ${COLUMNS} from "webhook_endpoints" where "id" = ? and "deleted_at" is null`, [id], endpointRow);
    return row === undefined ? null : toEndpoint(row);
  }

  async findWithSecret(id: number): Promise<WebhookEndpointWithSecret | null> {
    const [row] = await pgSelect(this.em, `select ${COLUMNS}, "secret" from "webhook_endpoints" where "id" = ? and "deleted_at" is null`, [id], withSecretRow);
    return row === undefined ? null : { ...toEndpoint(row), secret: row.secret };
  }

  async list(page: PageRequest): Promise<Page<WebhookEndpoint>> {
    const [rows, [count]] = await Promise.all([
      pgSelect(
        this.em,
        `select ${COLUMNS} from "webhook_endpoints" where "deleted_at" is null order by "created_at" desc, "id" desc limit ? offset ?`,
        [page.limit, page.offset],
        endpointRow,
      ),
      pgSelect(this.em, `select count(*) as "total" from "webhook_endpoints" where "deleted_at" is null`, [], countRow),
    ]);
    return { items: rows.map(toEndpoint), total: count.total, limit: page.limit, offset: page.offset };
  }

  async remove(id: number, at: Date): Promise<boolean> {
    // One statement, so that the endpoint and its pending deliveries stop together: a delivery
    // the worker holds is cancelled once the worker lets it go, if it is still pending then.
    const [row] = await pgSelect(
      this.em,
      `with "deleted" as (
         update "webhook_endpoints" set "deleted_at" = ? where "id" = ? and "deleted_at" is null returning "id"
       ), "cancelled" as (
         update "webhook_deliveries" set "status" = 'cancelled', "last_error" = 'endpoint deleted'
          where "endpoint_id" in (select "id" from "deleted") and "status" = 'pending'
         returning 1
       )
       select count(*) as "total" from "deleted"`,
      [at, id],
      countRow,
    );
    return row.total > 0;
  }
}

function toEndpoint(row: ReturnType<typeof endpointRow>): WebhookEndpoint {
  return { id: row.id, url: row.url, events: row.events.map(knownType), createdBy: row.created_by, createdAt: row.created_at };
}

function knownType(type: string): OutboundEventType {
  if (!isOutboundEventType(type)) throw new UnexpectedRowError('events', 'outbound event types', type);
  return type;
}
