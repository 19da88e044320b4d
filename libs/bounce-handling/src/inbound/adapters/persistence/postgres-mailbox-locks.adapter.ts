import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { connectionPool, type PgConnection } from '../../../shared/adapters/persistence/postgres-connection-pool';
import { MailboxLocks } from '../../application/ports/mailbox-locks.port';

/**
 * The first half of the two-key advisory locks of mailbox turns ('mbox'): advisory locks on one
 * 64-bit key (the addresses' locks, `lock_address_states`) are a key space of their own.
 */
const MAILBOX_LOCK_CLASS = 0x6d626f78;

/**
 * A mailbox's turn is a session advisory lock of PostgreSQL, taken without waiting on a
 * connection of the library's pool that the round keeps until it ends: a process that dies
 * mid-round loses its connection, and the lock with it, so the next round of another process
 * runs. The lock's key is the mailbox's name, hashed (`hashtext`): two mailboxes whose names
 * hash alike would only take turns with each other.
 */
@Injectable()
export class PostgresMailboxLocks extends MailboxLocks {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async whileHeld<T>(mailbox: string, round: () => Promise<T>): Promise<T | null> {
    const connection = await connectionPool(this.em).connect();
    // Given back to the pool only when it surely holds no lock; closed otherwise, which lets go of it.
    let closeWith: Error | undefined = STILL_HELD;
    try {
      if (!(await answersTrue(connection, TAKE, mailbox))) {
        closeWith = undefined;
        return null;
      }
      try {
        return await round();
      } finally {
        if (await answersTrue(connection, GIVE, mailbox).catch(() => false)) closeWith = undefined;
      }
    } finally {
      connection.release(closeWith);
    }
  }
}

const STILL_HELD = new Error('A mailbox turn may still be held on this connection');
const TAKE = { name: 'mailpass_mailbox_turn_take', text: 'select pg_try_advisory_lock($1::int, hashtext($2::text)) as done' };
const GIVE = { name: 'mailpass_mailbox_turn_give', text: 'select pg_advisory_unlock($1::int, hashtext($2::text)) as done' };

async function answersTrue(connection: PgConnection, statement: { name: string; text: string }, mailbox: string): Promise<boolean> {
  const { rows } = await connection.query({ ...statement, values: [MAILBOX_LOCK_CLASS, mailbox] });
  return (rows[0] as { done?: unknown } | undefined)?.done === true;
}
