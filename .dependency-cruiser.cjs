/**
 * The layers of src/, lowest first, in the order the data flows: each may import its own layer
 * and those below it, never one above. `npm run lint:deps` checks this, so an upward import or
 * an import cycle fails the tests instead of quietly tangling the code.
 *
 * The simulated platforms (src/fake-platforms) stand outside the layers: they may use what
 * describes pages, and only the command line, test files, tests/ and bench/ may use them.
 */
const LAYERS = [
  { name: 'domain', paths: ['src/domain/'] },
  { name: 'logging', paths: ['src/logging/'] },
  { name: 'parsing and input', paths: ['src/parsing/', 'src/input/'] },
  { name: 'platforms and activity', paths: ['src/platforms/', 'src/activity/'] },
  { name: 'crawlers and accounts', paths: ['src/crawlers/', 'src/accounts/'] },
  { name: 'store', paths: ['src/store/'] },
  { name: 'alerts and check', paths: ['src/alerts/', 'src/check/'] },
  { name: 'reports', paths: ['src/reports/'] },
  { name: 'jobs', paths: ['src/jobs/'] },
  { name: 'config', paths: ['src/config.ts', 'src/config.test.ts'] },
  { name: 'api', paths: ['src/api/'] },
  { name: 'cli and library entry', paths: ['src/cli/', 'src/index.ts'] },
];

const FAKE_PLATFORMS = '^src/fake-platforms/';
const TEST_FILE = '\\.test\\.ts$';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pathsOf = (layers) => layers.flatMap((layer) => layer.paths).map((p) => `^${escape(p)}`);

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer: ${layer.name}`,
  comment: `${layer.name} imports only itself and the layers below: ${
    LAYERS.slice(0, index)
      .map((l) => l.name)
      .join(', ') || 'none'
  }`,
  severity: 'error',
  from: { path: pathsOf([layer]) },
  to: { path: pathsOf(LAYERS.slice(index + 1)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other in a circle cannot be read, tested or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'every module in a layer',
      comment: 'A folder of src/ that no layer names has no place in the order: add it to LAYERS.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...pathsOf(LAYERS), FAKE_PLATFORMS] },
      to: {},
    },
    {
      name: 'fake-platforms: only what describes pages',
      comment:
        'The simulator serves pages: it may use the domain and parsing, and know which platforms exist (platform-ids.ts), ' +
        'never how they are read, nor anything that monitors.',
      severity: 'error',
      from: { path: FAKE_PLATFORMS },
      to: { path: pathsOf(LAYERS.slice(3)), pathNot: ['^src/platforms/platform-ids\\.ts$'] },
    },
    {
      name: 'fake-platforms: only for the command line and tests',
      comment:
        'The simulator is not part of monitoring: only the command line (demo, fake-platforms), test files, tests/ and bench/ use it.',
      severity: 'error',
      from: { path: '^src/', pathNot: [FAKE_PLATFORMS, '^src/cli/', TEST_FILE] },
      to: { path: FAKE_PLATFORMS },
    },
    {
      name: 'production code: no tests or test support',
      comment: 'Test files and tests/support are for tests: production modules must not need them.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: [TEST_FILE, '^tests/'] },
    },
    {
      name: 'production code: no development dependencies',
      comment:
        'devDependencies are not installed with the package: production modules must not import them. The embedded ' +
        "database's .mjs thread shim is the exception: it registers tsx only when the store runs from source (tests), and is not built.",
      severity: 'error',
      from: { path: '^src/', pathNot: [TEST_FILE, '^src/store/embedded/server-thread\\.mjs$'] },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'resolvable imports',
      comment: 'An import that resolves to nothing is a typo or a module that moved.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type from a higher layer ties the code to it just the same.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
