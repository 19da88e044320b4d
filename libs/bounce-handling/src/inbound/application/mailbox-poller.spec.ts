import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { InMemoryMailbox } from '../../testing/in-memory-mailbox';
import { MailboxPoller, type MailboxPollerSettings } from './mailbox-poller';
import { InboundMailHandler, type InboundMailOutcome } from './ports/inbound-mail-handler.port';
import { MailboxLocks } from './ports/mailbox-locks.port';

/** Reads each message's text; what it answers is up to the test. */
class ScriptedHandler extends InboundMailHandler {
  readonly handled: string[] = [];

  constructor(private readonly answer: (text: string) => Promise<InboundMailOutcome> | InboundMailOutcome = () => 'processed') {
    super();
  }

  async handle(raw: Uint8Array): Promise<InboundMailOutcome> {
    const text = new TextDecoder().decode(raw);
    this.handled.push(text);
    return this.answer(text);
  }
}

const SETTINGS: MailboxPollerSettings = { intervalMs: 60_000, maxMessageBytes: 1024 };

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('MailboxPoller', () => {
  let mailbox: InMemoryMailbox;

  beforeEach(() => {
    mailbox = new InMemoryMailbox();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('moves each message to Processed only after its handler resolved', async () => {
    const first = mailbox.deliver('report 1');
    const second = mailbox.deliver('report 2');
    const handled = deferred<InboundMailOutcome>();
    const poller = new MailboxPoller(mailbox, new ScriptedHandler(() => handled.promise), SETTINGS);

    const round = poller.pollOnce();
    await settled();
    expect(mailbox.messagesIn('inbox')).toEqual([first, second]);
    expect(mailbox.messagesIn('processed')).toEqual([]);

    handled.resolve('processed');
    await expect(round).resolves.toEqual({ processed: 2, unrecognised: 0, failed: 0, deferred: 0, gone: 0 });
    expect(mailbox.messagesIn('processed')).toEqual([first, second]);
    expect(mailbox.messagesIn('inbox')).toEqual([]);
  });

  it('moves a message its handler calls unrecognised to Unrecognised', async () => {
    const report = mailbox.deliver('report');
    const chatter = mailbox.deliver('see you on Friday');
    const poller = new MailboxPoller(mailbox, new ScriptedHandler((text) => (text === 'report' ? 'processed' : 'unrecognised')), SETTINGS);

    await expect(poller.pollOnce()).resolves.toMatchObject({ processed: 1, unrecognised: 1 });
    expect(mailbox.messagesIn('processed')).toEqual([report]);
    expect(mailbox.messagesIn('unrecognised')).toEqual([chatter]);
  });

  it('leaves a message whose handler throws in the inbox, goes on with the others, and tries it again on the next poll', async () => {
    let databaseUp = false;
    const handler = new ScriptedHandler((text) => {
      if (text === 'report 1' && !databaseUp) throw new Error('Database unavailable');
      return 'processed';
    });
    const poller = new MailboxPoller(mailbox, handler, SETTINGS);
    const failing = mailbox.deliver('report 1');
    const other = mailbox.deliver('report 2');

    await expect(poller.pollOnce()).resolves.toMatchObject({ processed: 1, failed: 1 });
    expect(mailbox.messagesIn('inbox')).toEqual([failing]);
    expect(mailbox.messagesIn('processed')).toEqual([other]);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringContaining('Database unavailable'));

    databaseUp = true;
    await expect(poller.pollOnce()).resolves.toMatchObject({ processed: 1, failed: 0 });
    expect(mailbox.messagesIn('inbox')).toEqual([]);
    expect(handler.handled).toEqual(['report 1', 'report 2', 'report 1']);
  });

  it('tries a message that keeps failing less and less often (rounds 1, 2, 4, 8, 16, 32, 64, then every 32nd) and never files it away', async () => {
    const handler = new ScriptedHandler((text) => {
      if (text === 'poison') throw new Error('Cannot take this one');
      return 'processed';
    });
    const poller = new MailboxPoller(mailbox, handler, SETTINGS);
    const poison = mailbox.deliver('poison');
    const triedIn: number[] = [];
    for (let round = 1; round <= 100; round += 1) {
      mailbox.deliver(`report ${round}`);
      const before = handler.handled.length;
      const result = await poller.pollOnce();
      if (handler.handled.slice(before).includes('poison')) triedIn.push(round);
      expect(result.processed).toBe(1);
    }
    expect(triedIn).toEqual([1, 2, 4, 8, 16, 32, 64, 96]);
    expect(mailbox.messagesIn('inbox')).toEqual([poison]);
    expect(mailbox.messagesIn('processed')).toHaveLength(100);
  });

  it('never deletes a message: whatever the handler answers or throws, each is in exactly one folder', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.constantFrom<InboundMailOutcome | 'throw' | 'lose-move'>('processed', 'unrecognised', 'throw', 'lose-move'), { maxLength: 60 }),
        async (messages, answers) => {
          const box = new InMemoryMailbox();
          const ids = Array.from({ length: messages }, (_, n) => box.deliver(`message ${n}`));
          let next = 0;
          const handler = new ScriptedHandler(() => {
            const answer = answers[next++ % Math.max(answers.length, 1)] ?? 'processed';
            if (answer === 'throw') throw new Error('Failed');
            if (answer === 'lose-move') {
              box.failNextMove();
              return 'processed';
            }
            return answer;
          });
          for (let round = 0; round < 6; round += 1) {
            await new MailboxPoller(box, handler, SETTINGS).pollOnce().catch(() => undefined);
            const everywhere = [...box.messagesIn('inbox'), ...box.messagesIn('processed'), ...box.messagesIn('unrecognised')];
            expect(everywhere.sort()).toEqual([...ids].sort());
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes a message again when its process stopped after the handler committed but before the move', async () => {
    const message = mailbox.deliver('report');
    const handler = new ScriptedHandler();
    mailbox.failNextMove();

    await expect(new MailboxPoller(mailbox, handler, SETTINGS).pollOnce()).rejects.toThrow('Connection lost');
    expect(mailbox.messagesIn('inbox')).toEqual([message]);

    // The next process (a new poller) hands it over again; the handler takes it twice as once.
    await expect(new MailboxPoller(mailbox, handler, SETTINGS).pollOnce()).resolves.toMatchObject({ processed: 1 });
    expect(handler.handled).toEqual(['report', 'report']);
    expect(mailbox.messagesIn('processed')).toEqual([message]);
  });

  it('files a message over the size bound in Unrecognised without reading it', async () => {
    const large = mailbox.deliver('x'.repeat(SETTINGS.maxMessageBytes + 1));
    const small = mailbox.deliver('report');
    const handler = new ScriptedHandler();

    await expect(new MailboxPoller(mailbox, handler, SETTINGS).pollOnce()).resolves.toMatchObject({ processed: 1, unrecognised: 1 });
    expect(mailbox.messagesIn('unrecognised')).toEqual([large]);
    expect(mailbox.messagesIn('processed')).toEqual([small]);
    expect(handler.handled).toEqual(['report']);
  });

  it('lets two pollers on one mailbox lose nothing: each message is moved once, and a message the other moved is passed over', async () => {
    const ids = Array.from({ length: 30 }, (_, n) => mailbox.deliver(`report ${n}`));
    const slowly = async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      return 'processed' as const;
    };
    const [one, two] = [new ScriptedHandler(slowly), new ScriptedHandler(slowly)];

    const rounds = await Promise.all([new MailboxPoller(mailbox, one, SETTINGS).pollOnce(), new MailboxPoller(mailbox, two, SETTINGS).pollOnce()]);

    expect(mailbox.messagesIn('processed').sort()).toEqual([...ids].sort());
    expect(mailbox.messagesIn('inbox')).toEqual([]);
    expect(rounds[0].processed + rounds[1].processed).toBe(30);
    expect(one.handled.length + two.handled.length).toBeGreaterThanOrEqual(30);
  });

  it("does nothing while another process has the mailbox's turn, and takes its messages on a round once it ends", async () => {
    const id = mailbox.deliver('report 1');
    const handler = new ScriptedHandler();
    const locks = new (class extends MailboxLocks {
      heldElsewhere = true;
      readonly asked: string[] = [];
      whileHeld<T>(name: string, round: () => Promise<T>): Promise<T | null> {
        this.asked.push(name);
        return this.heldElsewhere ? Promise.resolve(null) : round();
      }
    })();
    const poller = new MailboxPoller(mailbox, handler, SETTINGS, locks);

    await expect(poller.pollOnce()).resolves.toEqual({ processed: 0, unrecognised: 0, failed: 0, deferred: 0, gone: 0 });
    expect(handler.handled).toEqual([]);
    expect(mailbox.messagesIn('inbox')).toEqual([id]);

    locks.heldElsewhere = false;
    await expect(poller.pollOnce()).resolves.toMatchObject({ processed: 1 });
    expect(mailbox.messagesIn('processed')).toEqual([id]);
    expect(locks.asked).toEqual([mailbox.name, mailbox.name]);
  });

  it('polls at once when started, and when stopped files the message in hand and polls no more', async () => {
    const handling = deferred<InboundMailOutcome>();
    const handler = new ScriptedHandler(() => handling.promise);
    const poller = new MailboxPoller(mailbox, handler, { ...SETTINGS, intervalMs: 10 });
    const waiting = jest.spyOn(mailbox, 'waiting');
    const first = mailbox.deliver('report 1');
    mailbox.deliver('report 2');

    poller.start();
    await settled();
    expect(handler.handled).toEqual(['report 1']);

    const stopped = poller.stop();
    handling.resolve('processed');
    await stopped;
    expect(mailbox.messagesIn('processed')).toEqual([first]);
    expect(mailbox.messagesIn('inbox')).toHaveLength(1);

    const polls = waiting.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waiting.mock.calls.length).toBe(polls);
    expect(handler.handled).toEqual(['report 1']);
  });

  it('logs a round that could not reach the mailbox and polls again after the interval', async () => {
    const poller = new MailboxPoller(mailbox, new ScriptedHandler(), { ...SETTINGS, intervalMs: 5 });
    jest.spyOn(mailbox, 'waiting').mockRejectedValueOnce(new Error('ECONNREFUSED'));
    const message = mailbox.deliver('report');

    poller.start();
    for (let wait = 0; wait < 100 && mailbox.messagesIn('processed').length === 0; wait += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await poller.stop();

    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
    expect(mailbox.messagesIn('processed')).toEqual([message]);
  });
});
