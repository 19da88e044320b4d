import { Migration } from '@mikro-orm/migrations';

/**
 * What each provider's webhook has accepted and refused, one row per provider: every process
 * adds its counts (an upsert that adds them up and keeps the latest times), so the status is
 * the same whichever instance answers, and survives restarts.
 */
export class Migration20261127090000_WebhookActivity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "webhook_activity" (
        "provider" varchar(32) primary key,
        "accepted" bigint not null default 0 check ("accepted" >= 0),
        "refused" bigint not null default 0 check ("refused" >= 0),
        "last_accepted_at" timestamptz null,
        "last_refused_at" timestamptz null,
        "last_refusal_reason" varchar(32) null,
        "last_refusal_status" smallint null,
        "last_refusal_message" text null,
        "updated_at" timestamptz not null default now()
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "webhook_activity";`);
  }
}
