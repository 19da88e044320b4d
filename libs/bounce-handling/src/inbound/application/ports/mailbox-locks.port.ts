/**
 * Turns at polling a mailbox, among every process that polls it: while one runs a round, a
 * round of another does nothing. Without them, two processes would read, hand over and file the
 * same messages side by side (recorded once, by their dedupe keys, but the work done twice and
 * a message at times filed twice).
 */
export abstract class MailboxLocks {
  /**
   * Runs `round` holding the turn of the mailbox named `mailbox` (the same name in every process
   * that polls it), and resolves with what it gave; resolves `null` without running it while
   * another process holds the turn.
   */
  abstract whileHeld<T>(mailbox: string, round: () => Promise<T>): Promise<T | null>;
}

/** For a mailbox that one process alone polls: every round runs. */
export class UnsharedMailboxLocks extends MailboxLocks {
  whileHeld<T>(_mailbox: string, round: () => Promise<T>): Promise<T> {
    return round();
  }
}
