import * as path from 'node:path';

/** The Node.js options with which `npm start` and `npm run cli` run the TypeScript sources (package.json). */
export const FROM_SOURCE = ['--enable-source-maps', '-r', './scripts/register-swc.js'] as const;

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
