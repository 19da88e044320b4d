import type { ImapFlow } from 'imapflow';
import request from 'supertest';
import { startImapServer, type TestImapServer } from './support/imap-server';
import { mail, postfixDsnFor as dsnFor } from './support/postfix-dsn';
import { createTestApp, TEST_API_KEY, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const NOT_A_REPORT = mail([
  'From: dave@example.com',
  'To: bounces@mail.example.net',
  'Subject: hello',
  'Message-ID: <hello-dave@example.com>',
  '',
  'Just saying hello.',
]);

/**
 * The mailbox poller through the host (INBOUND_IMAP_URL), against a real IMAP server: each
 * message is ingested as `POST /inbound/mail` would, then filed; nothing is deleted.
 */
describe('Raw bounce mail from an IMAP mailbox (e2e)', () => {
  let server: TestImapServer;
  let client: ImapFlow;
  let testApp: TestApp;

  const count = async (folder: string): Promise<number> => {
    const status = await client.status(folder, { messages: true }).catch(() => false as const);
    return status === false ? 0 : (status.messages ?? 0);
  };
  const counts = (...folders: string[]) => Promise.all(folders.map(count));
  const until = async (check: () => Promise<boolean>): Promise<void> => {
    for (let wait = 0; wait < 100; wait += 1) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('timed out');
  };

  beforeAll(async () => {
    server = await startImapServer();
    client = await server.client();
    await client.append('INBOX', dsnFor('gone@example.com', 'dsn-1@mx.mail.example.net'));
    await client.append('INBOX', dsnFor('gone@example.com', 'dsn-1@mx.mail.example.net')); // delivered twice
    await client.append('INBOX', NOT_A_REPORT);
    testApp = await createTestApp({ INBOUND_IMAP_URL: server.url(), INBOUND_IMAP_POLL_SECONDS: '1' });
  });

  afterAll(async () => {
    await testApp?.close();
    await server?.stop();
  });

  it('ingests each message, files reports in Processed and the rest in Unrecognised, deleting none', async () => {
    await until(async () => (await count('INBOX')) === 0);
    expect(await counts('INBOX', 'Processed', 'Unrecognised')).toEqual([0, 2, 1]);
    expect(await testApp.sql('select email, source, bounce_type, reason, provider_event_id from bounces')).toEqual([
      {
        email: 'gone@example.com',
        source: 'inbound',
        bounce_type: 'hard',
        reason: 'user_unknown',
        provider_event_id: 'dsn-1@mx.mail.example.net:gone@example.com',
      },
    ]);
  });

  it('applies the policy to what it reads: the address is suppressed', async () => {
    const answer = await request(testApp.app.getHttpServer())
      .post('/api/v1/suppressions/check')
      .set('X-API-Key', TEST_API_KEY)
      .send({ emails: ['gone@example.com'] });
    expect(answer.body.data.results).toEqual([{ email: 'gone@example.com', sendable: false, reason: 'bounced' }]);
  });

  it('keeps polling: a message that arrives later is ingested at the next round', async () => {
    await client.append('INBOX', dsnFor('later@example.com', 'dsn-2@mx.mail.example.net'));
    await until(async () => (await count('Processed')) === 3);
    expect(await testApp.sql("select email from bounces where email = 'later@example.com'")).toEqual([{ email: 'later@example.com' }]);
  });
});
