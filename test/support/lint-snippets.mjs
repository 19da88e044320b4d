// Lints snippets of code with the repository's ESLint configuration (eslint.config.mjs), as
// `npm run lint` would lint them at the path given: run as a child process by the specs of the
// house rules, since Jest's CommonJS sandbox cannot load the ESM configuration.
//
// Usage: node lint-snippets.mjs < [{ "code": "…", "filePath": "libs/…/y.ts" }, …]
// Prints, as JSON, one list per snippet of the messages: [{ ruleId, message, line }].
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });
const snippets = JSON.parse(readFileSync(0, 'utf8'));
const reports = [];
for (const { code, filePath } of snippets) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  reports.push(result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })));
}
process.stdout.write(JSON.stringify(reports));
