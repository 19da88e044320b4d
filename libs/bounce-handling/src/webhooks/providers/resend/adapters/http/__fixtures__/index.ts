import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Resend webhook bodies in the shapes of Resend's documentation (webhooks, "Event types": each
 * event's example, tags as an object) and of its older or other forms (a bounce with only a
 * `message`, tags as `{ name, value }` pairs, several recipients).
 */
export const RESEND_FIXTURES = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

export function resendFixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.json`), 'utf8')) as Record<string, unknown>;
}
