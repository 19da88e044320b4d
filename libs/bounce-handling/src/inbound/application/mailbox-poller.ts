import { Injectable, Logger } from '@nestjs/common';
import { InboundMailHandler, type InboundMailOutcome } from './ports/inbound-mail-handler.port';
import { Mailbox, type WaitingMessage } from './ports/mailbox.port';
import { MailboxLocks, UnsharedMailboxLocks } from './ports/mailbox-locks.port';
import { pause } from '../../shared/application/pause';

/** How the poller works; the host sets them (`inbound.imapUrl`'s poll interval). */
export abstract class MailboxPollerSettings {
  /** Milliseconds between the end of one round and the start of the next. */
  abstract readonly intervalMs: number;
  /** A larger message is filed unrecognised unread: a bounce is kilobytes, its returned message a few megabytes. */
  abstract readonly maxMessageBytes: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Rounds a failing message is passed over, at most: with a minute between rounds, it is tried every half hour or so. */
export const MAX_ROUNDS_PASSED_OVER = 31;

/** What one round did with the messages it found. */
export interface MailboxPollRound {
  readonly processed: number;
  readonly unrecognised: number;
  /** Their handler rejected: they stay in the folder, tried again in a later round. */
  readonly failed: number;
  /** Passed over this round, having failed before. */
  readonly deferred: number;
  /** No longer there when their turn came, or when they were to be moved: another poller had them. */
  readonly gone: number;
}

const NOTHING_DONE: MailboxPollRound = { processed: 0, unrecognised: 0, failed: 0, deferred: 0, gone: 0 };

interface Failures {
  readonly count: number;
  readonly retryAtRound: number;
}

/**
 * Reads the messages waiting in a mailbox one at a time, hands each to the handler and moves it
 * to Processed or Unrecognised only once the handler has resolved, that is once what it read is
 * committed. Nothing is deleted. A process that stops between the commit and the move leaves the
 * message in the folder, and it is handed over again later; the handler takes a message twice
 * as once. Processes that poll one mailbox take turns (`MailboxLocks`): a round that finds the
 * mailbox's turn taken by another process does nothing, and the next round tries again. Should
 * two pollers still meet on one message (a turn lost with its database connection), they lose
 * nothing: the second handling changes nothing, and the message is filed (at worst twice, by
 * servers whose move is a copy and an expunge).
 *
 * A message whose handler rejects stays where it is and is tried again the next round, then
 * after 1, 3, 7, … (at most 31) rounds passed over, so that it costs little while it keeps
 * failing. It is never filed away for failing: a rejection means the work could not be done
 * (the database was away, a bug), not that the message holds nothing, and a message filed
 * away would never be read.
 */
@Injectable()
export class MailboxPoller {
  private readonly logger = new Logger('MailboxPoller');
  private round = 0;
  private readonly failures = new Map<string, Failures>();
  private previous: Promise<unknown> = Promise.resolve();
  private running: { readonly stop: AbortController; readonly loop: Promise<void> } | null = null;

  constructor(
    private readonly mailbox: Mailbox,
    private readonly handler: InboundMailHandler,
    private readonly settings: MailboxPollerSettings,
    /** Without them, every round runs: for a mailbox that this process alone polls. */
    private readonly locks: MailboxLocks = new UnsharedMailboxLocks(),
  ) {}

  /**
   * One round over the waiting messages; one round at a time. Stops between two messages once
   * `signal` is aborted. Does nothing (every count 0) while another process has the mailbox's turn.
   */
  pollOnce(signal?: AbortSignal): Promise<MailboxPollRound> {
    const inTurn = async () => (await this.locks.whileHeld(this.mailbox.name, () => this.work(signal))) ?? NOTHING_DONE;
    const round = this.previous.then(inTurn, inTurn);
    this.previous = round.catch(() => undefined);
    return round;
  }

  /** Polls now, then again each interval after a round ends, until `stop()`. */
  start(): void {
    if (this.running !== null) return;
    const stop = new AbortController();
    this.running = { stop, loop: this.loop(stop.signal) };
  }

  /** Stops polling: the message in hand is filed first. Resolves once the poller is idle. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === null) return;
    running.stop.abort();
    await running.loop;
    this.running = null;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const round = await this.pollOnce(signal);
        if (round.processed + round.unrecognised + round.failed > 0) {
          this.logger.log(
            `Mailbox round: ${round.processed} processed, ${round.unrecognised} unrecognised, ${round.failed} failed, ${round.deferred} deferred`,
          );
        }
      } catch (error) {
        this.logger.warn(`The mailbox could not be polled (${messageOf(error)}); trying again in ${Math.round(this.settings.intervalMs / 1000)} s`);
      }
      await pause(this.settings.intervalMs, signal);
    }
  }

  private async work(signal: AbortSignal | undefined): Promise<MailboxPollRound> {
    this.round += 1;
    const counts = { processed: 0, unrecognised: 0, failed: 0, deferred: 0, gone: 0 };
    const waiting = await this.mailbox.waiting();
    this.forgetAllBut(waiting);
    for (const message of waiting) {
      if (signal?.aborted) break;
      const failures = this.failures.get(message.id);
      if (failures !== undefined && failures.retryAtRound > this.round) {
        counts.deferred += 1;
        continue;
      }
      const outcome = await this.take(message);
      if (outcome === 'failed') {
        counts.failed += 1;
        continue;
      }
      if (outcome === 'gone') {
        counts.gone += 1;
        continue;
      }
      // A rejected move (the connection is gone) ends the round: the message stays, to be taken again.
      const moved = await this.mailbox.moveTo(message.id, outcome);
      this.failures.delete(message.id);
      counts[moved ? outcome : 'gone'] += 1;
    }
    return counts;
  }

  /** Reads one message and hands it over: what became of it, or that it failed or was gone. */
  private async take(message: WaitingMessage): Promise<InboundMailOutcome | 'failed' | 'gone'> {
    if (message.size > this.settings.maxMessageBytes) {
      this.logger.warn(`Message ${message.id} is ${message.size} bytes, over ${this.settings.maxMessageBytes}: filed unrecognised unread`);
      return 'unrecognised';
    }
    const raw = await this.mailbox.fetch(message.id);
    if (raw === null) return 'gone';
    try {
      return await this.handler.handle(raw);
    } catch (error) {
      const count = (this.failures.get(message.id)?.count ?? 0) + 1;
      const passedOver = Math.min(2 ** (count - 1) - 1, MAX_ROUNDS_PASSED_OVER);
      this.failures.set(message.id, { count, retryAtRound: this.round + 1 + passedOver });
      this.logger.error(
        `Message ${message.id} could not be taken in (failure ${count}: ${messageOf(error)}); it stays in the folder, tried again after ${passedOver} round(s) passed over`,
      );
      return 'failed';
    }
  }

  /** Failures are remembered only for messages still waiting. */
  private forgetAllBut(waiting: readonly WaitingMessage[]): void {
    const ids = new Set(waiting.map((message) => message.id));
    for (const id of this.failures.keys()) if (!ids.has(id)) this.failures.delete(id);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
