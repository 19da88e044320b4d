import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { DEFAULT_MAX_MESSAGE_BYTES, MailboxPoller, type MailboxPollerSettings } from '../../application/mailbox-poller';
import { InboundMailHandler } from '../../application/ports/inbound-mail-handler.port';
import type { Mailbox } from '../../application/ports/mailbox.port';
import { MailboxLocks } from '../../application/ports/mailbox-locks.port';
import { parseImapUrl } from './imap-url';
import { ImapFlowMailbox } from './imapflow-mailbox.adapter';

/** The mailbox poller's settings as a host gives them (`inbound.imapUrl`, `inbound.pollSeconds`). */
export abstract class InboundMailboxOptions {
  /** `imap://user:password@host:port/Folder?processed=…&unrecognised=…` or `imaps://…`; null or unset: no poller. */
  abstract readonly imapUrl?: string | null;
  /** Seconds between the end of one round and the start of the next, 1–86400. Default 60. */
  abstract readonly pollSeconds?: number;
}

export const DEFAULT_POLL_SECONDS = 60;

export class InvalidInboundMailboxOptionsError extends Error {}

/** Starts the poller with the application and stops it, the message in hand filed, before the database closes; does nothing without a mailbox. */
@Injectable()
export class InboundMailboxPolling implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly polling: { readonly poller: MailboxPoller; readonly mailbox: Mailbox } | null) {}

  /** Whether a mailbox is polled. */
  get enabled(): boolean {
    return this.polling !== null;
  }

  onApplicationBootstrap(): void {
    this.polling?.poller.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.polling === null) return;
    await this.polling.poller.stop();
    await this.polling.mailbox.close();
  }
}

/**
 * The mailbox poller, for a module that also provides `InboundMailboxOptions`, an
 * `InboundMailHandler` and the `MailboxLocks` by which the processes polling one mailbox take
 * turns: polling when the options name a mailbox, nothing otherwise. A bad URL
 * or interval fails the module's start, naming the setting (`settingNames` tells which names the
 * host gave them).
 */
export function inboundMailboxProviders(settingNames = { imapUrl: 'inbound.imapUrl', pollSeconds: 'inbound.pollSeconds' }): Provider[] {
  return [
    {
      provide: InboundMailboxPolling,
      inject: [InboundMailboxOptions, InboundMailHandler, MailboxLocks],
      useFactory: (options: InboundMailboxOptions, handler: InboundMailHandler, locks: MailboxLocks): InboundMailboxPolling => {
        if (options.imapUrl === undefined || options.imapUrl === null) return new InboundMailboxPolling(null);
        const mailbox = new ImapFlowMailbox(parseImapUrl(options.imapUrl, settingNames.imapUrl));
        const seconds = options.pollSeconds ?? DEFAULT_POLL_SECONDS;
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
          throw new InvalidInboundMailboxOptionsError(`${settingNames.pollSeconds} must be an integer from 1 to 86400, got ${String(options.pollSeconds)}`);
        }
        const settings: MailboxPollerSettings = { intervalMs: seconds * 1000, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
        return new InboundMailboxPolling({ poller: new MailboxPoller(mailbox, handler, settings, locks), mailbox });
      },
    },
  ];
}
