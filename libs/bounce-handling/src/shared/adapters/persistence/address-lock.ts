import type { EntityManager } from '@mikro-orm/postgresql';
import { pgJson } from './pg-text';
import { pgQuery } from './pg-query';

/**
 * Serialises every change to one address's state for the rest of the transaction. Whoever
 * changes an address — the policy, a re-activation, a new subscriber taking over an address's
 * history — takes this lock first, so that no two of them interleave, whether the state lives
 * on a subscriber row, on an address row, or on no row yet.
 */
export async function lockAddress(em: EntityManager, email: string): Promise<void> {
  await pgQuery(em, 'select pg_advisory_xact_lock(hashtextextended(?, 0))', [email]);
}

/**
 * The same lock on many addresses, in one statement, always in the order of the lock keys, so
 * that two transactions locking overlapping sets cannot deadlock.
 */
export async function lockAddresses(em: EntityManager, emails: readonly string[]): Promise<void> {
  if (emails.length === 1) return lockAddress(em, emails[0]);
  await pgQuery(em,
    `select pg_advisory_xact_lock(k)
       from (select distinct hashtextextended(e, 0) as k from jsonb_array_elements_text(?::jsonb) as e order by k) as sorted`,
    [pgJson(emails)],
  );
}
