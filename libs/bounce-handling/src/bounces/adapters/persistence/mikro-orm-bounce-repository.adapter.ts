import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '../../../shared/application/page';
import type { BounceView } from '../../domain/bounce';
import { BounceRepository, type NewBounce } from '../../application/ports/bounce.repository.port';
import { storableRawPayload } from './raw-payload';

interface BounceViewRow {
  id: string;
  email: string;
  bounce_type: BounceView['bounceType'];
  bounce_subtype: string | null;
  diagnostic_code: string | null;
  source: BounceView['source'];
  subscriber_id: string | null;
  campaign_id: string | null;
  provider_message_id: string | null;
  provider_event_id: string | null;
  created_at: Date;
  campaign_name: string | null;
  subscriber_name: string | null;
}

const VIEW_COLUMNS = `b."id", b."email", b."bounce_type", b."bounce_subtype", b."diagnostic_code", b."source",
  b."subscriber_id", b."campaign_id", b."provider_message_id", b."provider_event_id", b."created_at",
  c."name" as "campaign_name", s."name" as "subscriber_name"`;

@Injectable()
export class MikroOrmBounceRepository extends BounceRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async add(bounce: NewBounce): Promise<number | null> {
    const rows = await this.em.execute<{ id: string }[]>(
      `insert into "bounces" ("email", "bounce_type", "bounce_subtype", "diagnostic_code", "source", "subscriber_id",
         "campaign_id", "provider_message_id", "provider_event_id", "raw_payload", "created_at")
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict ("source", "provider_event_id") where "provider_event_id" is not null do nothing
       returning "id"`,
      [
        bounce.email,
        bounce.bounceType,
        bounce.bounceSubtype,
        bounce.diagnosticCode,
        bounce.source,
        bounce.subscriberId,
        bounce.campaignId,
        bounce.providerMessageId,
        bounce.providerEventId,
        storableRawPayload(bounce.rawPayload),
        bounce.createdAt,
      ],
    );
    return rows.length === 0 ? null : Number(rows[0].id);
  }

  async hasSoftBounceOfMessage(email: string, providerMessageId: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `select 1 from "bounces" where "email" = ? and "provider_message_id" = ? and "bounce_type" = 'soft' limit 1`,
      [email, providerMessageId],
    );
    return rows.length > 0;
  }

  async list(page: PageRequest): Promise<Page<BounceView>> {
    const [rows, total] = await Promise.all([
      this.em.execute<BounceViewRow[]>(
        `select ${VIEW_COLUMNS} from "bounces" b
           left join "campaigns" c on c."id" = b."campaign_id"
           left join "subscribers" s on s."id" = b."subscriber_id"
         order by b."created_at" desc, b."id" desc limit ? offset ?`,
        [page.limit, page.offset],
      ),
      this.count('select count(*) as "total" from "bounces"', []),
    ]);
    return { items: rows.map(toView), total, limit: page.limit, offset: page.offset };
  }

  async listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    const [rows, total] = await Promise.all([
      this.em.execute<BounceViewRow[]>(
        `select ${VIEW_COLUMNS} from "bounces" b
           left join "campaigns" c on c."id" = b."campaign_id"
           left join "subscribers" s on s."id" = b."subscriber_id"
         where b."subscriber_id" = ?
         order by b."created_at" desc, b."id" desc limit ? offset ?`,
        [subscriberId, page.limit, page.offset],
      ),
      this.count('select count(*) as "total" from "bounces" where "subscriber_id" = ?', [subscriberId]),
    ]);
    return { items: rows.map(toView), total, limit: page.limit, offset: page.offset };
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.em.execute<{ total: string }[]>(sql, params);
    return Number(row.total);
  }
}

function toView(row: BounceViewRow): BounceView {
  return {
    id: Number(row.id),
    email: row.email,
    bounceType: row.bounce_type,
    bounceSubtype: row.bounce_subtype,
    diagnosticCode: row.diagnostic_code,
    source: row.source,
    subscriberId: row.subscriber_id === null ? null : Number(row.subscriber_id),
    campaignId: row.campaign_id,
    providerMessageId: row.provider_message_id,
    providerEventId: row.provider_event_id,
    createdAt: new Date(row.created_at),
    campaignName: row.campaign_name,
    subscriberName: row.subscriber_name,
  };
}
