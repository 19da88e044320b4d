import { StatusChangeLog } from '../shared/application/ports/status-change-log.port';
import type { StatusChange } from '../shared/domain/status-change';

export class InMemoryStatusChangeLog extends StatusChangeLog {
  readonly entries: { change: StatusChange; actor: string | null }[] = [];

  async recordAll(changes: readonly StatusChange[], actor: string | null): Promise<void> {
    for (const change of changes) this.entries.push({ change, actor });
  }
}
