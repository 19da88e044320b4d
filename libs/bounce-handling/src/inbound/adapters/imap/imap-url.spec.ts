import { InvalidImapUrlError, parseImapUrl, redactedImapUrl } from './imap-url';

const SETTING = 'INBOUND_IMAP_URL';

describe('parseImapUrl', () => {
  it('reads host, port, user, password and folder, filing in Processed and Unrecognised by default', () => {
    expect(parseImapUrl('imap://bounces:secret@mail.example.com:1143/Bounces', SETTING)).toEqual({
      host: 'mail.example.com',
      port: 1143,
      secure: false,
      user: 'bounces',
      password: 'secret',
      folder: ['Bounces'],
      processedFolder: ['Processed'],
      unrecognisedFolder: ['Unrecognised'],
    });
  });

  it.each([
    ['imap://u:p@mail.example.com', 143, false],
    ['imaps://u:p@mail.example.com', 993, true],
    ['imaps://u:p@mail.example.com:10993/', 10993, true],
  ])('takes the default port and TLS of its scheme (%s)', (url, port, secure) => {
    expect(parseImapUrl(url, SETTING)).toMatchObject({ port, secure, folder: ['INBOX'] });
  });

  it('decodes a percent-encoded user and password', () => {
    expect(parseImapUrl('imaps://bounces%40example.com:p%40ss%2Fw%3Ard@mail.example.com', SETTING)).toMatchObject({
      user: 'bounces@example.com',
      password: 'p@ss/w:rd',
    });
  });

  it('reads nested folders as segments, and the two filing folders from the query', () => {
    expect(parseImapUrl('imap://u:p@h/Bounces/Mail%20pass?processed=Archive/Done&unrecognised=Odd', SETTING)).toMatchObject({
      folder: ['Bounces', 'Mail pass'],
      processedFolder: ['Archive', 'Done'],
      unrecognisedFolder: ['Odd'],
    });
  });

  it('takes an IPv6 host without its brackets', () => {
    expect(parseImapUrl('imap://u:p@[::1]:1143', SETTING)).toMatchObject({ host: '::1', port: 1143 });
  });

  it.each([
    ['a bare host name', 'mail.example.com', /must be a URL/],
    ['another scheme', 'https://u:p@mail.example.com', /must start with imap:\/\/ or imaps:\/\/, got https:\/\//],
    ['a URL without a user', 'imap://mail.example.com/INBOX', /must carry a user and a password/],
    ['a URL without a password', 'imap://bounces@mail.example.com/INBOX', /must carry a user and a password/],
    ['an unknown parameter', 'imap://u:p@h/INBOX?proccessed=Done', /unknown parameter "proccessed"/],
    ['an empty folder name', 'imap://u:p@h/Bounces//Mailpass', /empty folder name/],
    ['a fragment', 'imap://u:p@h/INBOX#x', /#fragment/],
    ['a port out of range', 'imap://u:p@h:70000/INBOX', /must be a URL/],
    ['processed in the folder it reads', 'imap://u:p@h/inbox?processed=INBOX', /files processed messages in the folder it reads/],
    ['unrecognised in the folder it reads', 'imap://u:p@h/Bounces?unrecognised=Bounces', /files unrecognised messages in the folder it reads/],
    ['a malformed escape', 'imap://u:p%zz@h/INBOX', /must be a URL|malformed percent-encoding/],
  ])('refuses %s as a configuration error naming the setting', (_case, url, message) => {
    const parse = () => parseImapUrl(url, SETTING);
    expect(parse).toThrow(InvalidImapUrlError);
    expect(parse).toThrow(new RegExp(`^${SETTING} `));
    expect(parse).toThrow(message);
  });

  it('never repeats the password in its error', () => {
    expect(() => parseImapUrl('imap://bounces:hunter2@h/INBOX?oops=1', SETTING)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('gives a form of the URL fit for a log, without the password', () => {
    expect(redactedImapUrl(parseImapUrl('imaps://bounces:hunter2@mail.example.com/Bounces/Mailpass', SETTING))).toBe(
      'imaps://bounces:***@mail.example.com:993/Bounces/Mailpass',
    );
  });
});
