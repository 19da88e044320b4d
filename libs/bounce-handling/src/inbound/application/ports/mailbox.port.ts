import type { InboundMailOutcome } from './inbound-mail-handler.port';

/** A message waiting in the mailbox's folder: an id the mailbox gave it, and its size in bytes. */
export interface WaitingMessage {
  readonly id: string;
  readonly size: number;
}

/**
 * The folder that bounce mail lands in, and the two it is filed in once read. Nothing is ever
 * deleted: a message leaves the folder only by a move. Several processes may read one mailbox and
 * lose nothing, but two moving one message at the same moment may leave two copies of it (Dovecot
 * moves by copy and expunge).
 */
export abstract class Mailbox {
  /** What every process that reads this mailbox names it by, credentials left out: the key of its turns (`MailboxLocks`). */
  abstract readonly name: string;

  /** The messages in the folder, oldest first. */
  abstract waiting(): Promise<readonly WaitingMessage[]>;

  /** One message's raw bytes, or null when it is no longer in the folder. */
  abstract fetch(id: string): Promise<Uint8Array | null>;

  /**
   * Moves the message to the folder for that outcome (made when missing). False when the message
   * was no longer in the folder: another process moved it. Rejects when the move failed.
   */
  abstract moveTo(id: string, outcome: InboundMailOutcome): Promise<boolean>;

  /** Lets go of the connection, if any; a later call opens another. */
  abstract close(): Promise<void>;
}
