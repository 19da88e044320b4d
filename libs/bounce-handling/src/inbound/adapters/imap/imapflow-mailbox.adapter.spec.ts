let mockImapflowLoaded = false;
jest.mock('imapflow', () => {
  mockImapflowLoaded = true;
  return jest.requireActual('imapflow');
});

import { inboundMailboxProviders } from './inbound-mailbox.providers';
import { ImapFlowMailbox } from './imapflow-mailbox.adapter';
import { parseImapUrl } from './imap-url';

describe('ImapFlowMailbox', () => {
  it('leaves imapflow unloaded until it first connects: a service that polls no mailbox never loads it', () => {
    expect(inboundMailboxProviders()).toHaveLength(1);
    const mailbox = new ImapFlowMailbox(parseImapUrl('imap://bounces:secret@127.0.0.1:1/INBOX', 'inbound.imapUrl'));
    expect(mailbox.name).toBe('imap://bounces@127.0.0.1:1/INBOX');
    expect(mockImapflowLoaded).toBe(false);
  });

  it('loads imapflow for its first connection', async () => {
    const mailbox = new ImapFlowMailbox(parseImapUrl('imap://bounces:secret@127.0.0.1:1/INBOX', 'inbound.imapUrl'));
    await expect(mailbox.waiting()).rejects.toThrow();
    expect(mockImapflowLoaded).toBe(true);
    await mailbox.close();
  });
});
