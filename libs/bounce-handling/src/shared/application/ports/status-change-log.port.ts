import type { StatusChange } from '../../domain/status-change';

/** The audit trail of status changes: who or what changed an address, when, and why. */
export abstract class StatusChangeLog {
  /** `actor` names the operator (an API key's name) for manual changes; null for the policy. */
  abstract recordAll(changes: readonly StatusChange[], actor: string | null): Promise<void>;

  record(change: StatusChange, actor: string | null): Promise<void> {
    return this.recordAll([change], actor);
  }
}
