import { Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ImapFlow } from 'imapflow';
import { startImapServer, type TestImapServer } from '../../../../../../test/support/imap-server';
import { openTestOrm } from '../../../../../../test/support/test-orm';
import { MailboxPoller, type MailboxPollerSettings } from '../../application/mailbox-poller';
import { InboundMailHandler, type InboundMailOutcome } from '../../application/ports/inbound-mail-handler.port';
import { MailboxLocks, UnsharedMailboxLocks } from '../../application/ports/mailbox-locks.port';
import { parseImapUrl } from './imap-url';
import { PostgresMailboxLocks } from '../persistence/postgres-mailbox-locks.adapter';
import { ImapFlowMailbox } from './imapflow-mailbox.adapter';
import { InboundMailboxOptions, InboundMailboxPolling, inboundMailboxProviders } from './inbound-mailbox.providers';

/** A message as a mail server files it; `report` says whether the handler below takes it as one. */
function message(n: number, report: boolean): string {
  return [
    `Message-ID: <m${n}@mail.example.com>`,
    'From: MAILER-DAEMON@mail.example.com',
    'To: bounces@example.com',
    `Subject: ${report ? 'Undelivered Mail Returned to Sender' : 'Out of office'}`,
    '',
    `message ${n}`,
    '',
  ].join('\r\n');
}

/** Takes a message with a mailer daemon's subject as a report. */
class SubjectHandler extends InboundMailHandler {
  readonly handled: string[] = [];

  async handle(raw: Uint8Array): Promise<InboundMailOutcome> {
    const text = Buffer.from(raw).toString('utf8');
    this.handled.push(/^message \d+/m.exec(text)?.[0] ?? '?');
    return text.includes('Subject: Undelivered') ? 'processed' : 'unrecognised';
  }
}

const SETTINGS: MailboxPollerSettings = { intervalMs: 60_000, maxMessageBytes: 1024 * 1024 };

describe('ImapFlowMailbox (a real IMAP server: Dovecot)', () => {
  let server: TestImapServer;
  let client: ImapFlow;
  const mailboxes: ImapFlowMailbox[] = [];

  const mailboxAt = (pathAndQuery = '') => {
    const mailbox = new ImapFlowMailbox(parseImapUrl(server.url(pathAndQuery), 'INBOUND_IMAP_URL'));
    mailboxes.push(mailbox);
    return mailbox;
  };
  const count = async (folder: string) => {
    const status = await client.status(folder, { messages: true }).catch(() => false as const);
    return status === false ? 0 : (status.messages ?? 0);
  };
  const counts = async (...folders: string[]) => Promise.all(folders.map(count));
  const messageIdsIn = async (folder: string) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const messages = await client.fetchAll('1:*', { envelope: true });
      return new Set(messages.map((found) => found.envelope?.messageId));
    } finally {
      lock.release();
      await client.mailboxClose();
    }
  };

  beforeAll(async () => {
    server = await startImapServer();
    client = await server.client();
  });

  afterEach(async () => {
    await Promise.all(mailboxes.splice(0).map((mailbox) => mailbox.close()));
    for (const folder of ['Processed', 'Unrecognised', 'Bounces', 'Done', 'Odd']) {
      await client.mailboxDelete(folder).catch(() => undefined);
    }
    const lock = await client.getMailboxLock('INBOX');
    try {
      if (client.mailbox !== false && client.mailbox.exists > 0) await client.messageDelete('1:*');
    } finally {
      lock.release();
    }
    // STATUS of the selected folder would answer from imapflow's stale view of it.
    await client.mailboxClose();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('polls once: three messages appended end up in Processed and Unrecognised, the inbox empty', async () => {
    for (const [n, report] of [
      [1, true],
      [2, false],
      [3, true],
    ] as const) {
      await client.append('INBOX', message(n, report));
    }
    const handler = new SubjectHandler();

    const round = await new MailboxPoller(mailboxAt(), handler, SETTINGS).pollOnce();

    expect(round).toEqual({ processed: 2, unrecognised: 1, failed: 0, deferred: 0, gone: 0 });
    expect(handler.handled).toEqual(['message 1', 'message 2', 'message 3']);
    expect(await counts('INBOX', 'Processed', 'Unrecognised')).toEqual([0, 2, 1]);
  });

  it('lists the waiting messages oldest first with their sizes, and fetches each byte for byte', async () => {
    const texts = [message(1, true), message(2, false)];
    for (const text of texts) await client.append('INBOX', text);
    const mailbox = mailboxAt();

    const waiting = await mailbox.waiting();

    expect(waiting.map((entry) => entry.size)).toEqual(texts.map((text) => Buffer.byteLength(text)));
    const fetched = await Promise.all(waiting.map(async (entry) => Buffer.from((await mailbox.fetch(entry.id))!).toString('utf8')));
    expect(fetched).toEqual(texts);
  });

  it('moves a message only when told, making the folder on first use, and answers false for one already moved', async () => {
    await client.append('INBOX', message(1, true));
    const mailbox = mailboxAt();
    const [waiting] = await mailbox.waiting();
    expect(await counts('INBOX', 'Processed')).toEqual([1, 0]);

    await expect(mailbox.moveTo(waiting.id, 'processed')).resolves.toBe(true);
    await expect(mailbox.moveTo(waiting.id, 'processed')).resolves.toBe(false);
    await expect(mailbox.fetch(waiting.id)).resolves.toBeNull();
    expect(await counts('INBOX', 'Processed')).toEqual([0, 1]);
  });

  it('leaves a message whose handler throws in the inbox, and moves it on the next poll', async () => {
    await client.append('INBOX', message(1, true));
    let fail = true;
    const handler = new (class extends SubjectHandler {
      override async handle(raw: Uint8Array): Promise<InboundMailOutcome> {
        if (fail) throw new Error('Database unavailable');
        return super.handle(raw);
      }
    })();
    const poller = new MailboxPoller(mailboxAt(), handler, SETTINGS);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    await expect(poller.pollOnce()).resolves.toMatchObject({ failed: 1 });
    expect(await counts('INBOX', 'Processed')).toEqual([1, 0]);

    fail = false;
    await expect(poller.pollOnce()).resolves.toMatchObject({ processed: 1 });
    expect(await counts('INBOX', 'Processed')).toEqual([0, 1]);
  });

  it('takes a message again on the next start when the process stopped between the commit and the move', async () => {
    await client.append('INBOX', message(1, true));
    const handler = new SubjectHandler();
    const crashing = mailboxAt();
    jest.spyOn(crashing, 'moveTo').mockRejectedValueOnce(new Error('Process stopped'));

    await expect(new MailboxPoller(crashing, handler, SETTINGS).pollOnce()).rejects.toThrow('Process stopped');
    await crashing.close();
    expect(await counts('INBOX', 'Processed')).toEqual([1, 0]);

    await expect(new MailboxPoller(mailboxAt(), handler, SETTINGS).pollOnce()).resolves.toMatchObject({ processed: 1 });
    expect(handler.handled).toEqual(['message 1', 'message 1']);
    expect(await counts('INBOX', 'Processed')).toEqual([0, 1]);
  });

  it('lets two pollers on their own connections share one mailbox and lose no message', async () => {
    const total = 12;
    for (let n = 1; n <= total; n += 1) await client.append('INBOX', message(n, n % 3 !== 0));

    await Promise.all([
      new MailboxPoller(mailboxAt(), new SubjectHandler(), SETTINGS).pollOnce(),
      new MailboxPoller(mailboxAt(), new SubjectHandler(), SETTINGS).pollOnce(),
    ]);

    // Dovecot moves by copy and expunge: a message both move at the same moment may be filed
    // twice. None is lost, and each lands in the folder of its outcome.
    expect(await count('INBOX')).toBe(0);
    const reports = Array.from({ length: total }, (_, i) => i + 1).filter((n) => n % 3 !== 0);
    expect(await messageIdsIn('Processed')).toEqual(new Set(reports.map((n) => `<m${n}@mail.example.com>`)));
    expect(await messageIdsIn('Unrecognised')).toEqual(new Set([3, 6, 9, 12].map((n) => `<m${n}@mail.example.com>`)));
  });

  it('lets processes polling one mailbox take turns through the database: each message is handled once and filed once', async () => {
    const total = 12;
    for (let n = 1; n <= total; n += 1) await client.append('INBOX', message(n, n % 3 !== 0));
    const orm = await openTestOrm();
    try {
      // Two processes: each its own IMAP connection and its own database connections.
      const handlers = [new SubjectHandler(), new SubjectHandler()];
      const pollers = handlers.map((handler) => new MailboxPoller(mailboxAt(), handler, SETTINGS, new PostgresMailboxLocks(orm.orm.em)));

      const rounds = await Promise.all(pollers.map((poller) => poller.pollOnce()));

      const handled = handlers.flatMap((handler) => handler.handled).sort();
      expect(handled).toEqual(Array.from({ length: total }, (_, i) => `message ${i + 1}`).sort());
      expect(rounds.map((round) => round.processed + round.unrecognised).sort()).toEqual([0, total]);
      expect(await counts('INBOX', 'Processed', 'Unrecognised')).toEqual([0, 8, 4]);
    } finally {
      await orm.close();
    }
  });

  it('reads the folder of its URL and files in the folders its query names', async () => {
    await client.mailboxCreate('Bounces');
    await client.append('Bounces', message(1, true));
    await client.append('Bounces', message(2, false));
    await client.append('INBOX', message(3, true));

    await new MailboxPoller(mailboxAt('Bounces?processed=Done&unrecognised=Odd'), new SubjectHandler(), SETTINGS).pollOnce();

    expect(await counts('Bounces', 'Done', 'Odd', 'INBOX')).toEqual([0, 1, 1, 1]);
  });

  it('opens a new connection when the server dropped the last one', async () => {
    await client.append('INBOX', message(1, true));
    const mailbox = mailboxAt();
    expect(await mailbox.waiting()).toHaveLength(1);

    // As a server does on restart or after its idle timeout.
    (mailbox as unknown as { client: ImapFlow }).client.close();

    expect(await mailbox.waiting()).toHaveLength(1);
  });

  describe('inboundMailboxProviders, in a Nest application', () => {
    const moduleWith = (options: InboundMailboxOptions, handler = new SubjectHandler()) => {
      @Module({
        providers: [
          { provide: InboundMailboxOptions, useValue: options },
          { provide: InboundMailHandler, useValue: handler },
          { provide: MailboxLocks, useClass: UnsharedMailboxLocks },
          ...inboundMailboxProviders(),
        ],
      })
      class InboundMailboxTestModule {}
      return Test.createTestingModule({ imports: [InboundMailboxTestModule] }).compile();
    };

    it('polls from the start of the application, each interval, and stops with it', async () => {
      jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      await client.append('INBOX', message(1, true));
      const app = (await moduleWith({ imapUrl: server.url(), pollSeconds: 1 })).createNestApplication();
      await app.init();
      try {
        for (let wait = 0; wait < 50 && (await count('Processed')) < 1; wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await counts('INBOX', 'Processed')).toEqual([0, 1]);

        await client.append('INBOX', message(2, false));
        for (let wait = 0; wait < 50 && (await count('Unrecognised')) < 1; wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await counts('INBOX', 'Processed', 'Unrecognised')).toEqual([0, 1, 1]);
      } finally {
        await app.close();
      }
    });

    it('polls nothing, and opens no connection, without a mailbox', async () => {
      const moduleRef = await moduleWith({ imapUrl: null });
      const app = moduleRef.createNestApplication();
      await app.init();
      expect(app.get(InboundMailboxPolling).enabled).toBe(false);
      await app.close();
    });

    it.each([
      [{ imapUrl: 'imap://nobody@localhost/INBOX' }, /^inbound\.imapUrl must carry a user and a password/],
      [{ imapUrl: 'imap://u:p@localhost/INBOX', pollSeconds: 0 }, /^inbound\.pollSeconds must be an integer from 1 to 86400, got 0/],
    ])('refuses to start with a bad setting, naming it (%j)', async (options, error) => {
      await expect(moduleWith(options)).rejects.toThrow(error);
    });
  });
});
