import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import { EntityManager } from '@mikro-orm/postgresql';
import { connectionOptions } from './postgres-connection-pool';
import { PostgresChannelListener } from './postgres-channel-listener';

/** The channel the database notifies, with the table's name, when a table kept in memory changes (migration `TableChanges`). */
export const TABLE_CHANGES_CHANNEL = 'mailpass_changes';

/**
 * Tells what keeps a table in memory that the table changed, in this process or any other: the
 * database notifies every write to those tables (triggers of migration `TableChanges`: `api_keys`,
 * `allowlist_entries`, `webhook_endpoints`). While `listening` is false, changes may go untold:
 * a cache must then ask the database every time.
 */
export abstract class TableChanges {
  abstract readonly listening: boolean;
  /** `onChange` is called at every change of `table`, and whenever listening starts (again). */
  abstract follow(table: string, onChange: () => void): void;
}

/**
 * `TableChanges` from PostgreSQL: one `LISTEN` connection for the process, from the application's
 * start to its shutdown (`PostgresChannelListener`: probed, connected again when lost).
 */
@Injectable()
export class PostgresTableChanges extends TableChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listener: PostgresChannelListener;
  private readonly followers = new Map<string, (() => void)[]>();

  constructor(
    em: EntityManager,
    @Optional() @Inject(RESOLVED_BOUNCE_HANDLING_OPTIONS) private readonly options: { readonly backgroundWork: boolean } = { backgroundWork: true },
  ) {
    super();
    this.listener = new PostgresChannelListener(
      () => connectionOptions(em),
      TABLE_CHANGES_CHANNEL,
      (table) => this.changed(table),
    );
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  follow(table: string, onChange: () => void): void {
    this.followers.set(table, [...(this.followers.get(table) ?? []), onChange]);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Without background work (a command line) nothing listens: every look-up asks the database.
    if (this.options.backgroundWork) await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** `table` null: every table, since changes may have gone untold. */
  private changed(table: string | null): void {
    const told = table === null ? [...this.followers.values()].flat() : (this.followers.get(table) ?? []);
    for (const onChange of told) onChange();
  }
}
