/** Where the mailbox poller reads bounce mail: one IMAP folder, and the two folders it files messages in. */
export interface ImapMailboxAddress {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (`imaps://`); `imap://` upgrades with STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user: string;
  readonly password: string;
  /** Folder paths as segments, joined with the server's own delimiter (`/Bounces/Mailpass` is `Bounces.Mailpass` on some servers). */
  readonly folder: readonly string[];
  readonly processedFolder: readonly string[];
  readonly unrecognisedFolder: readonly string[];
}

export class InvalidImapUrlError extends Error {}

const DEFAULT_PORTS = { 'imap:': 143, 'imaps:': 993 } as const;
const FOLDER_PARAMETERS = ['processed', 'unrecognised'] as const;

/**
 * Reads `imap://user:password@host:port/Folder?processed=Processed&unrecognised=Unrecognised`
 * (or `imaps://`): the folder defaults to INBOX, the two others to `Processed` and
 * `Unrecognised`. User and password are percent-encoded as in any URL. `setting` names the
 * setting the URL came from, for the error; the error never repeats the password.
 */
export function parseImapUrl(value: string, setting: string): ImapMailboxAddress {
  const problem = (what: string) => new InvalidImapUrlError(`${setting} ${what}`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw problem('must be a URL: imap://user:password@host[:port]/Folder or imaps://…');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw problem(`must start with imap:// or imaps://, got ${url.protocol}//`);
  if (url.hostname === '') throw problem('names no host');
  const user = decoded(url.username, problem);
  const password = decoded(url.password, problem);
  if (user === '' || password === '') throw problem('must carry a user and a password (imap://user:password@host)');
  if (url.hash !== '') throw problem('must not have a #fragment');
  for (const name of url.searchParams.keys()) {
    if (!(FOLDER_PARAMETERS as readonly string[]).includes(name)) {
      throw problem(`has an unknown parameter "${name}" (known: ${FOLDER_PARAMETERS.join(', ')})`);
    }
  }
  const folder = folderPath(url.pathname.replace(/^\//, ''), problem) ?? ['INBOX'];
  const processedFolder = folderPath(url.searchParams.get('processed'), problem) ?? ['Processed'];
  const unrecognisedFolder = folderPath(url.searchParams.get('unrecognised'), problem) ?? ['Unrecognised'];
  for (const [name, target] of [
    ['processed', processedFolder],
    ['unrecognised', unrecognisedFolder],
  ] as const) {
    if (sameFolder(target, folder)) throw problem(`files ${name} messages in the folder it reads (${folder.join('/')}): they would be read again`);
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port),
    secure: url.protocol === 'imaps:',
    user,
    password,
    folder,
    processedFolder,
    unrecognisedFolder,
  };
}

/** The URL as it may be logged: its password replaced. */
export function redactedImapUrl(address: ImapMailboxAddress): string {
  const scheme = address.secure ? 'imaps' : 'imap';
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${scheme}://${encodeURIComponent(address.user)}:***@${host}:${address.port}/${address.folder.map(encodeURIComponent).join('/')}`;
}

/** A folder path from its URL form (`Bounces/Mailpass`), or null when unset or empty. */
function folderPath(raw: string | null, problem: (what: string) => Error): string[] | null {
  if (raw === null || raw === '') return null;
  const segments = raw.split('/').map((segment) => decoded(segment, problem));
  if (segments.some((segment) => segment.trim() === '')) throw problem(`has an empty folder name in "${raw}"`);
  return segments;
}

function decoded(text: string, problem: (what: string) => Error): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw problem('has a malformed percent-encoding');
  }
}

/** INBOX is the one folder name IMAP compares without case (RFC 3501, 5.1). */
function sameFolder(a: readonly string[], b: readonly string[]): boolean {
  const key = (path: readonly string[]) => path.map((segment, n) => (n === 0 && segment.toUpperCase() === 'INBOX' ? 'INBOX' : segment)).join('\u0000');
  return key(a) === key(b);
}
