import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * SES event documents (the SNS `Message` of a Notification), re-typed from the SES developer
 * guide's examples ("Contents of notifications", "Examples of event data published to SNS").
 */
export const SES_FIXTURES = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));

export function sesFixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** The fixture as SNS carries it: JSON text. */
export function sesMessage(name: string): string {
  return JSON.stringify(sesFixture(name));
}
