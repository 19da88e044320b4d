import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { DEFAULT_MAX_MESSAGE_BYTES, MailboxPoller, MailboxPollerSettings } from '../../application/mailbox-poller';
import { Mailbox } from '../../application/ports/mailbox.port';
import { parseImapUrl } from './imap-url';
import { ImapFlowMailbox } from './imapflow-mailbox.adapter';

/** The mailbox poller's settings as a host gives them (`inbound.imapUrl`, `inbound.pollSeconds`). */
export abstract class InboundMailboxOptions {
  /** `imap://user:password@host:port/Folder?processed=…&unrecognised=…` or `imaps://…`. */
  abstract readonly imapUrl: string;
  /** Seconds between the end of one round and the start of the next, 1–86400. Default 60. */
  abstract readonly pollSeconds?: number;
}

export const DEFAULT_POLL_SECONDS = 60;

export class InvalidInboundMailboxOptionsError extends Error {}

/** Starts the poller with the application and stops it, the message in hand filed, before the database closes. */
@Injectable()
export class InboundMailboxPolling implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly poller: MailboxPoller,
    private readonly mailbox: Mailbox,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.poller.stop();
    await this.mailbox.close();
  }
}

/**
 * The providers of the mailbox poller, for a module that also provides `InboundMailboxOptions`
 * and an `InboundMailHandler`. A bad URL or interval fails the module's start, naming the
 * setting (`settingNames` tells which names the host gave them).
 */
export function inboundMailboxProviders(settingNames = { imapUrl: 'inbound.imapUrl', pollSeconds: 'inbound.pollSeconds' }): Provider[] {
  return [
    {
      provide: Mailbox,
      useFactory: (options: InboundMailboxOptions) => new ImapFlowMailbox(parseImapUrl(options.imapUrl, settingNames.imapUrl)),
      inject: [InboundMailboxOptions],
    },
    {
      provide: MailboxPollerSettings,
      useFactory: (options: InboundMailboxOptions): MailboxPollerSettings => {
        const seconds = options.pollSeconds ?? DEFAULT_POLL_SECONDS;
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
          throw new InvalidInboundMailboxOptionsError(`${settingNames.pollSeconds} must be an integer from 1 to 86400, got ${String(options.pollSeconds)}`);
        }
        return { intervalMs: seconds * 1000, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES };
      },
      inject: [InboundMailboxOptions],
    },
    MailboxPoller,
    InboundMailboxPolling,
  ];
}
