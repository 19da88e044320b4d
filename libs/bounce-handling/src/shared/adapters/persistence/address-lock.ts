import type { EntityManager } from '@mikro-orm/postgresql';
import { pgQuery } from './pg-query';

/**
 * Serialises every change to one address's state for the rest of the transaction. Whoever
 * changes an address — the policy, a re-activation, a new subscriber taking over an address's
 * history — takes this lock first, so that no two of them interleave, whether the state lives
 * on a subscriber row, on an address row, or on no row yet.
 *
 * The key is `hashtextextended(email, 0)`; ingestion takes the same keys for many addresses at
 * once, in ascending order, with `lock_address_states` (its migration), which also loads their
 * state.
 */
export async function lockAddress(em: EntityManager, email: string): Promise<void> {
  await pgQuery(em, 'select pg_advisory_xact_lock(hashtextextended(?, 0))', [email]);
}
