import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Received bounce mail in the shapes servers really send (RFC 3464 DSNs of Postfix, Exim,
 * Sendmail and Office 365; qmail, Exim, Exchange, Gmail and Yahoo notices; ARF reports of Yahoo
 * and Microsoft; auto-replies), one `.eml` file each, kept small.
 */
export const BOUNCE_MAIL_FIXTURES: readonly string[] = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.eml'))
  .map((file) => file.replace(/\.eml$/, ''))
  .sort();

/** The raw message as it arrives over SMTP: CRLF line ends. */
export function bounceMailFixture(name: string): Buffer {
  const text = fs.readFileSync(path.join(__dirname, `${name}.eml`), 'utf8');
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}
