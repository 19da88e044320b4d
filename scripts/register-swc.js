'use strict';
/*
 * Runs the TypeScript sources as they are, for `npm start` and `npm run cli`: each `.ts` file of
 * the project is compiled by swc (with `.swcrc`, as the tests are) the first time it is required,
 * and the output is kept on disk under a digest of its source, so that a start after the first
 * compiles nothing and a changed file is compiled again alone. Type errors are reported by
 * `npm run typecheck`, not here. `npm run build` remains the production build (tsc into dist/).
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'mailpass-swc');
const SWC_OPTIONS = { ...JSON.parse(fs.readFileSync(path.join(ROOT, '.swcrc'), 'utf8')), swcrc: false, sourceMaps: 'inline' };
// A new compiler or new options make every cached file stale.
const SALT = `${require('@swc/core/package.json').version}\0${JSON.stringify(SWC_OPTIONS)}\0`;

let swc = null; // loaded on the first cache miss only

function compiled(filename, source) {
  const digest = createHash('sha256').update(SALT).update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${digest.slice(0, 40)}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    swc ??= require('@swc/core');
    const { code } = swc.transformSync(source, { ...SWC_OPTIONS, filename });
    try {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      // Written aside, then renamed: a process reading the cache never sees half a file.
      const staging = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(staging, code);
      fs.renameSync(staging, cached);
    } catch {
      // A read-only tree still runs, compiling at each start.
    }
    return code;
  }
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(compiled(filename, fs.readFileSync(filename, 'utf8')), filename);
};
