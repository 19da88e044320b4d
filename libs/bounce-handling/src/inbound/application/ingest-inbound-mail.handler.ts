import { Injectable } from '@nestjs/common';
import { UnreadableMailError } from '../domain/inbound.errors';
import { IngestInboundMail } from './ingest-inbound-mail.use-case';
import { InboundMailHandler, type InboundMailOutcome } from './ports/inbound-mail-handler.port';

/**
 * What the mailbox poller does with each message: ingest it as `POST /inbound/mail` does. A
 * message with reports is processed once they are committed; one with none, or that no MIME
 * parser can read, is unrecognised (filed apart, for a person to look at). Anything else (the
 * database is away) rejects, and the message waits in the mailbox for the next round.
 */
@Injectable()
export class IngestInboundMailHandler extends InboundMailHandler {
  constructor(private readonly ingestInboundMail: IngestInboundMail) {
    super();
  }

  async handle(raw: Uint8Array): Promise<InboundMailOutcome> {
    try {
      const receipt = await this.ingestInboundMail.execute(raw, { dryRun: false });
      return receipt.reports.length > 0 ? 'processed' : 'unrecognised';
    } catch (error) {
      if (error instanceof UnreadableMailError) return 'unrecognised';
      throw error;
    }
  }
}
