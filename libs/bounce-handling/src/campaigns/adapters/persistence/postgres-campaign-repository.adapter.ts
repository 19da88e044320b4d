import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CampaignRepository, type SavedCampaign } from '../../application/ports/campaign.repository.port';
import { Campaign } from '../../domain/campaign';

interface CampaignRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  created: boolean;
}

@Injectable()
export class PostgresCampaignRepository extends CampaignRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async upsert(id: string, name: string, at: Date): Promise<SavedCampaign> {
    // One statement, so that racing requests for a new id create it once; `xmax = 0` marks a
    // row this statement inserted rather than updated.
    const [row] = await this.em.execute<CampaignRow[]>(
      `insert into "campaigns" ("id", "name", "created_at", "updated_at") values (?, ?, ?, ?)
       on conflict ("id") do update set
         "name" = excluded."name",
         "updated_at" = case when "campaigns"."name" is distinct from excluded."name" then excluded."updated_at" else "campaigns"."updated_at" end
       returning "id", "name", "created_at", "updated_at", ("xmax" = 0) as "created"`,
      [id, name, at, at],
    );
    return { campaign: new Campaign(row.id, row.name, new Date(row.created_at), new Date(row.updated_at)), created: row.created };
  }
}
