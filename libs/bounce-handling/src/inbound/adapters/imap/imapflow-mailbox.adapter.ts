import { Logger } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import type { InboundMailOutcome } from '../../application/ports/inbound-mail-handler.port';
import { Mailbox, type WaitingMessage } from '../../application/ports/mailbox.port';
import { type ImapMailboxAddress, redactedImapUrl } from './imap-url';

/** Seconds to open a connection and to wait on a silent one: a poll must not hang a shutdown for minutes. */
const CONNECTION_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 120_000;

/** UIDs per FETCH of sizes: keeps a command line short however full the folder. */
const FETCH_BATCH = 500;

/**
 * An IMAP folder through `imapflow`, on one connection opened at first use and opened again
 * when the server dropped it. A message's id is its UID with the folder's UIDVALIDITY
 * (`uidvalidity:uid`): once the server renumbers the folder, an old id names no message.
 * Messages are moved with UID MOVE (imapflow falls back to COPY, STORE \Deleted and UID EXPUNGE
 * of that one UID on a server without MOVE); nothing else is ever expunged.
 */
export class ImapFlowMailbox extends Mailbox {
  private readonly logger = new Logger('ImapMailbox');
  private client: ImapFlow | null = null;
  /** Folders made (or found) on the current connection. */
  private readonly made = new Set<InboundMailOutcome>();

  /** `imap://user@host:port/Folder`, as every process reading the folder with that account names it. */
  readonly name: string;

  constructor(private readonly address: ImapMailboxAddress) {
    super();
    this.name = `imap://${encodeURIComponent(address.user)}@${address.host.toLowerCase()}:${address.port}/${address.folder.join('/')}`;
  }

  async waiting(): Promise<readonly WaitingMessage[]> {
    return this.inFolder(async (client, uidValidity) => {
      // Asked of the server each time: imapflow's count of the selected folder lags behind new mail.
      const uids = await client.search({ deleted: false }, { uid: true });
      if (!Array.isArray(uids)) throw new Error(`The server refused to search ${this.address.folder.join('/')}`);
      const found: { uid: number; size: number }[] = [];
      for (let start = 0; start < uids.length; start += FETCH_BATCH) {
        const batch = uids.slice(start, start + FETCH_BATCH).join(',');
        for (const message of await client.fetchAll(batch, { uid: true, size: true }, { uid: true })) found.push({ uid: message.uid, size: message.size ?? 0 });
      }
      return found.sort((a, b) => a.uid - b.uid).map(({ uid, size }) => ({ id: `${uidValidity}:${uid}`, size }));
    });
  }

  async fetch(id: string): Promise<Uint8Array | null> {
    return this.inFolder(async (client, uidValidity) => {
      const uid = uidOf(id, uidValidity);
      if (uid === null) return null;
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      return message === false || message.source === undefined ? null : new Uint8Array(message.source);
    });
  }

  async moveTo(id: string, outcome: InboundMailOutcome): Promise<boolean> {
    const destination = [...(outcome === 'processed' ? this.address.processedFolder : this.address.unrecognisedFolder)];
    return this.inFolder(async (client, uidValidity) => {
      const uid = uidOf(id, uidValidity);
      if (uid === null) return false;
      if (!this.made.has(outcome)) {
        await client.mailboxCreate(destination); // an existing folder is no error
        this.made.add(outcome);
      }
      const moved = await client.messageMove(String(uid), destination, { uid: true });
      if (moved === false) throw new Error(`The server refused to move message ${id} to ${destination.join('/')}`);
      // Without UIDPLUS the server names no new UID: the move was answered OK, which is all we know.
      return moved.uidMap === undefined ? client.capabilities.has('UIDPLUS') === false : moved.uidMap.size > 0;
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client === null) return;
    try {
      await client.logout();
    } catch {
      client.close();
    }
  }

  /** Runs `work` with the folder selected (and locked against imapflow's other commands). */
  private async inFolder<T>(work: (client: ImapFlow, uidValidity: string) => Promise<T>): Promise<T> {
    const client = await this.connection();
    const lock = await client.getMailboxLock([...this.address.folder]);
    try {
      if (client.mailbox === false) throw new Error(`${this.address.folder.join('/')} is not selected`);
      return await work(client, String(client.mailbox.uidValidity));
    } finally {
      lock.release();
    }
  }

  private async connection(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.client?.close();
    this.client = null;
    this.made.clear();
    // Loaded at the first connection: a service that polls no mailbox never loads imapflow.
    const { ImapFlow: ImapClient } = await import('imapflow');
    const client = new ImapClient({
      host: this.address.host,
      port: this.address.port,
      secure: this.address.secure,
      auth: { user: this.address.user, pass: this.address.password },
      logger: false,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: CONNECTION_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
    });
    // Unheard, an 'error' event would end the process; the failed command rejects on its own.
    client.on('error', (error: Error) => this.logger.warn(`${redactedImapUrl(this.address)}: ${error.message}`));
    await client.connect();
    this.client = client;
    return client;
  }
}

/** The UID in an id, or null when it belongs to an earlier numbering of the folder. */
function uidOf(id: string, uidValidity: string): number | null {
  const [validity, uid] = id.split(':');
  return validity === uidValidity && /^\d+$/.test(uid ?? '') ? Number(uid) : null;
}
