import { type DynamicModule, Module } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { InboundMailController } from './adapters/http/inbound-mail.controller';
import { InboundMailboxOptions, inboundMailboxProviders } from './adapters/imap/inbound-mailbox.providers';
import { PostalMimeMailParser } from './adapters/mime/postal-mime-mail-parser.adapter';
import { PostgresMailboxLocks } from './adapters/persistence/postgres-mailbox-locks.adapter';
import { IngestInboundMailHandler } from './application/ingest-inbound-mail.handler';
import { IngestInboundMail } from './application/ingest-inbound-mail.use-case';
import { InboundMailHandler } from './application/ports/inbound-mail-handler.port';
import { InboundMailSettings } from './application/inbound-mail-settings';
import { MailboxLocks } from './application/ports/mailbox-locks.port';
import { MailParser } from './application/ports/mail-parser.port';

/**
 * Raw bounce mail: messages received at the bounce address, posted to `POST /inbound/mail` or
 * polled from an IMAP folder (`inbound.imapUrl`), read and ingested through `BouncesFacade`.
 */
@Module({
  controllers: [InboundMailController],
  providers: [
    { provide: MailParser, useClass: PostalMimeMailParser },
    {
      provide: InboundMailSettings,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: ({ inbound }: ResolvedBounceHandlingOptions) => new InboundMailSettings(inbound.verpPrefix),
    },
    IngestInboundMail,
    { provide: InboundMailHandler, useClass: IngestInboundMailHandler },
    {
      provide: InboundMailboxOptions,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: ({ inbound, backgroundWork }: ResolvedBounceHandlingOptions): InboundMailboxOptions => ({
        // The mailbox is polled only by a process that does background work.
        imapUrl: backgroundWork ? inbound.imapUrl : null,
        pollSeconds: inbound.pollSeconds,
      }),
    },
    { provide: MailboxLocks, useClass: PostgresMailboxLocks },
    ...inboundMailboxProviders(),
  ],
})
export class InboundModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to; `bounces`: its `BouncesModule`, which ingests the reports. */
  static register(shared: DynamicModule, bounces: DynamicModule): DynamicModule {
    return { module: InboundModule, imports: [shared, bounces] };
  }
}
