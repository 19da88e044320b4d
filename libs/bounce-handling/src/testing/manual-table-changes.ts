import { TableChanges } from '../shared/adapters/persistence/table-changes';

/** `TableChanges` told by the test: `listening` as set, `change(table)` as the database would notify. */
export class ManualTableChanges extends TableChanges {
  listening = true;
  private readonly followers = new Map<string, (() => void)[]>();

  follow(table: string, onChange: () => void): void {
    this.followers.set(table, [...(this.followers.get(table) ?? []), onChange]);
  }

  change(table: string): void {
    for (const onChange of this.followers.get(table) ?? []) onChange();
  }
}
