import type { InboundMailOutcome } from '../inbound/application/ports/inbound-mail-handler.port';
import { Mailbox, type WaitingMessage } from '../inbound/application/ports/mailbox.port';

export type InMemoryMailboxFolder = 'inbox' | InboundMailOutcome;

/**
 * A mailbox in memory: `deliver` puts a message in its inbox; `messagesIn` tells what each
 * folder holds. `failNextMove` makes the next move reject as a lost connection would, the
 * message staying where it was. Its moves are atomic, which an IMAP server's need not be.
 */
export class InMemoryMailbox extends Mailbox {
  readonly name = 'in-memory';
  private readonly folders = new Map<InMemoryMailboxFolder, Map<string, Uint8Array>>([
    ['inbox', new Map()],
    ['processed', new Map()],
    ['unrecognised', new Map()],
  ]);
  private delivered = 0;
  private movesToFail = 0;
  closed = 0;

  deliver(raw: Uint8Array | string): string {
    this.delivered += 1;
    const id = `m${this.delivered}`;
    this.folder('inbox').set(id, typeof raw === 'string' ? new TextEncoder().encode(raw) : raw);
    return id;
  }

  messagesIn(folder: InMemoryMailboxFolder): string[] {
    return [...this.folder(folder).keys()];
  }

  failNextMove(): void {
    this.movesToFail += 1;
  }

  async waiting(): Promise<readonly WaitingMessage[]> {
    return [...this.folder('inbox')].map(([id, raw]) => ({ id, size: raw.byteLength }));
  }

  async fetch(id: string): Promise<Uint8Array | null> {
    const raw = this.folder('inbox').get(id);
    return raw === undefined ? null : raw.slice();
  }

  async moveTo(id: string, outcome: InboundMailOutcome): Promise<boolean> {
    if (this.movesToFail > 0) {
      this.movesToFail -= 1;
      throw new Error('Connection lost');
    }
    const raw = this.folder('inbox').get(id);
    if (raw === undefined) return false;
    this.folder('inbox').delete(id);
    this.folder(outcome).set(id, raw);
    return true;
  }

  async close(): Promise<void> {
    this.closed += 1;
  }

  private folder(name: InMemoryMailboxFolder): Map<string, Uint8Array> {
    return this.folders.get(name)!;
  }
}
