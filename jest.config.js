// One `npm test` runs every level: unit specs beside the code (and the house rules' in test/),
// integration specs beside the adapters (real PostgreSQL) and e2e specs through the host app
// (real PostgreSQL).
const fs = require('node:fs');
const swcConfig = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.sourceMaps; // jest wants them inline, which @swc/jest sets itself
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] };

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    project('unit', ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
    project('integration', ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/src/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
  ],
  // A global option only: database set-up and whole-app tests need more than the default 5 s.
  testTimeout: 60000,
};
