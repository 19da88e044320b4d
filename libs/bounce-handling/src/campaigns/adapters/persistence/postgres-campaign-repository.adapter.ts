import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgSelect } from '../../../shared/adapters/persistence/pg-query';
import { col, pgRow } from '../../../shared/adapters/persistence/pg-row';
import { CampaignRepository, type SavedCampaign } from '../../application/ports/campaign.repository.port';
import { Campaign } from '../../domain/campaign';

const savedCampaignRow = pgRow({
  id: col.text,
  name: col.text,
  created_at: col.timestamp,
  updated_at: col.timestamp,
  created: col.boolean,
});

@Injectable()
export class PostgresCampaignRepository extends CampaignRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async upsert(id: string, name: string, at: Date): Promise<SavedCampaign> {
    // One statement, so that racing requests for a new id create it once; `xmax = 0` marks a
    // row this statement inserted rather than updated.
    const [row] = await pgSelect(
      this.em,
      `insert into "campaigns" ("id", "name", "created_at", "updated_at") values (?, ?, ?, ?)
       on conflict ("id") do update set
         "name" = excluded."name",
         "updated_at" = case when "campaigns"."name" is distinct from excluded."name" then excluded."updated_at" else "campaigns"."updated_at" end
       returning "id", "name", "created_at", "updated_at", ("xmax" = 0) as "created"`,
      [id, name, at, at],
      savedCampaignRow,
    );
    return { campaign: new Campaign(row.id, row.name, row.created_at, row.updated_at), created: row.created };
  }
}
