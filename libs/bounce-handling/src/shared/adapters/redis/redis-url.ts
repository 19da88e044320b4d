/** Where a Redis server is, as read from its URL (user and password stay in the URL). */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  /** `rediss://`: TLS from the first byte. */
  readonly tls: boolean;
  readonly db: number;
}

export class InvalidRedisUrlError extends Error {}

/**
 * Reads `redis://[user:password@]host[:port][/db]` (or `rediss://`, over TLS): the port
 * defaults to 6379, the database to 0. User and password are percent-encoded as in any URL.
 * `setting` names the setting the URL came from, for the error; the error never repeats the
 * password.
 */
export function parseRedisUrl(value: string, setting: string): RedisAddress {
  const problem = (what: string) => new InvalidRedisUrlError(`${setting} ${what}`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw problem('must be a URL: redis://[user:password@]host[:port][/db] or rediss://…');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw problem(`must start with redis:// or rediss://, got ${url.protocol}//`);
  if (url.hostname === '') throw problem('names no host');
  if (url.search !== '' || url.hash !== '') throw problem('must have no ?query or #fragment');
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw problem('has a user or password that is not valid percent-encoding');
  }
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,5}$/.test(db)) throw problem(`must end with a database number (/0, /1, …), got "${url.pathname}"`);
  return { host: url.hostname, port: url.port === '' ? 6379 : Number(url.port), tls: url.protocol === 'rediss:', db: db === '' ? 0 : Number(db) };
}
