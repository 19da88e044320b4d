import type { ApiKey, ApiKeysFacade } from '../../libs/bounce-handling/src';

/** Writes one line of the command's output (stdout). */
export type PrintLine = (line: string) => void;

/** Creates a key and prints it once, alone on the last line, so scripts can take `tail -n 1`. */
export async function createApiKeyCommand(
  apiKeys: Pick<ApiKeysFacade, 'create'>,
  print: PrintLine,
  request: { readonly name: string; readonly permissions: readonly string[] },
): Promise<void> {
  const { apiKey, secret } = await apiKeys.create(request.name, request.permissions);
  print(`Created API key ${apiKey.id} "${printable(apiKey.name)}" with the permissions: ${apiKey.permissions.join(', ')}`);
  print('Store the key now; it is not shown again:');
  print(secret);
}

/** A table of the keys: what they may do and their history, never a key or its hash. */
export async function listApiKeysCommand(apiKeys: Pick<ApiKeysFacade, 'list'>, print: PrintLine): Promise<void> {
  const keys = await apiKeys.list();
  if (keys.length === 0) {
    print('No API keys yet: create one with "api-key create --name NAME --permissions subscribers".');
    return;
  }
  for (const line of apiKeyTable(keys)) print(line);
}

export async function revokeApiKeyCommand(apiKeys: Pick<ApiKeysFacade, 'revoke'>, print: PrintLine, id: number): Promise<void> {
  const apiKey = await apiKeys.revoke(id);
  print(`API key ${apiKey.id} "${printable(apiKey.name)}" is revoked (since ${timestamp(apiKey.revokedAt)}); requests with it are refused.`);
}

export function apiKeyTable(keys: readonly ApiKey[]): string[] {
  const header = ['ID', 'NAME', 'PERMISSIONS', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = keys.map((key) => [
    String(key.id),
    printable(key.name),
    key.permissions.join(','),
    timestamp(key.createdAt),
    key.lastUsedAt ? timestamp(key.lastUsedAt) : 'never',
    key.revokedAt ? timestamp(key.revokedAt) : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
}

/** RFC 3339 UTC to the second, as the HTTP API shows times. */
function timestamp(date: Date | null): string {
  return date === null ? '-' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A key's name is free text: no control characters reach the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
