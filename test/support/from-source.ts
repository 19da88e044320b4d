import * as path from 'node:path';

/** The Node.js options with which `npm start` and `npm run cli` run the TypeScript sources (package.json). */
export const FROM_SOURCE = ['--enable-source-maps', '-r', './scripts/register-swc.js'] as const;

/** The service's own Node.js options, in `npm start`, `npm run start:prod` and the Docker image: its heap limit (docs/configuration.md, "Memory"). */
export const SERVICE_NODE_OPTIONS = ['--max-old-space-size=1024'] as const;

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
