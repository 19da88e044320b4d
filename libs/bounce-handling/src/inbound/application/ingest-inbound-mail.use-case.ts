import { Injectable } from '@nestjs/common';
import { BouncesFacade, type IngestOutcome } from '../../bounces/application/bounces.facade';
import type { InboundReport } from '../domain/inbound-report';
import { readBounceMail } from '../domain/read-bounce-mail';
import { InboundMailSettings } from './inbound-mail-settings';
import { inboundMailEvents } from './inbound-mail-events';
import { MailParser } from './ports/mail-parser.port';

/** What became of one received message; `received` = `recorded` + `duplicates` + `ignored`, one per report. */
export interface InboundMailReceipt {
  readonly received: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly ignored: number;
  /** One per recipient the message reports on; empty when it is no report. */
  readonly reports: readonly InboundReport[];
}

/**
 * Reads one message received at the bounce mailbox (a DSN, a feedback report, a server's own
 * bounce, an auto-reply) and, unless it is a dry run, records and applies its reports like any
 * provider's, in a transaction shared with the messages that arrive meanwhile (group commit):
 * when it resolves, they are committed.
 */
@Injectable()
export class IngestInboundMail {
  constructor(
    private readonly parser: MailParser,
    private readonly bounces: BouncesFacade,
    private readonly settings: InboundMailSettings,
  ) {}

  async execute(raw: Uint8Array, options: { readonly dryRun: boolean }): Promise<InboundMailReceipt> {
    const reading = readBounceMail(await this.parser.parse(raw), { verpPrefix: this.settings.verpPrefix });
    const received = reading.reports.length;
    if (options.dryRun || received === 0) return { received, recorded: 0, duplicates: 0, ignored: received, reports: reading.reports };

    const events = inboundMailEvents(reading, raw).filter((event) => event !== null);
    const outcomes: IngestOutcome[] = await this.bounces.ingest(events);
    const recorded = outcomes.filter((outcome) => outcome.result === 'recorded').length;
    const duplicates = outcomes.filter((outcome) => outcome.result === 'duplicate').length;
    return { received, recorded, duplicates, ignored: received - recorded - duplicates, reports: reading.reports };
  }
}
