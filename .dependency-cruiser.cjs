// Layer rules (docs/design.md §4): domain ← db ← core ← {electron, web, scripts}; the renderer
// sees only domain and core's pure contract (schemas, dates, ids, permissions, error and
// download types); nothing imports the renderer; tests may import anything.
// Run with `npm run lint:deps` (tools/lint/depcruise.mjs: dependency-cruiser needs TypeScript 6's API).

/** What the renderer may import from core at run time: pure modules, no node:, no db. */
const RENDERER_CORE_VALUES = [
  '^core/schemas/',
  '^core/dates[.]ts$',
  '^core/idcard[.]ts$',
  '^core/permissions[.]ts$',
  '^core/download-route[.]ts$',
  '^core/errors[.]ts$',
  '^core/shell/event-stream[.]ts$',
  '^core/shell/page-id[.]ts$',
];
/** What it may import from core for types only (erased at build): the operations' contract. */
const RENDERER_CORE_TYPES = [
  '^core/api[.]ts$',
  '^core/excel/import-mapping[.]ts$',
  '^core/excel/training-hours-import[.]ts$',
  '^core/training/roster[.]ts$',
  '^core/shell/connection-protocol[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-a-leaf',
      comment: 'domain/ holds vocabulary and rules shared by db and core: it imports nothing outside itself (none of ours, no package, no node: module).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'db-below-core',
      comment: 'db/ is SQL and migrations: it may use domain/, never core, the shells or the renderer.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(core|web|electron|renderer|scripts|tests)/' },
    },
    {
      name: 'core-below-shells',
      comment: 'core/ is the operations and rules: the shells and scripts call it, never the other way.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(web|electron|renderer|scripts|tests)/' },
    },
    {
      name: 'shells-apart',
      comment: 'web/, electron/ and scripts/ never import each other: what they share lives in core/shell/.',
      severity: 'error',
      from: { path: '^(web|electron|scripts)/' },
      to: { path: '^(web|electron|scripts)/', pathNot: '^$1/' },
    },
    {
      name: 'shells-through-core',
      comment: 'The app shells reach the database only through core (scripts may seed and measure it directly).',
      severity: 'error',
      from: { path: '^(web|electron)/' },
      to: { path: '^db/' },
    },
    {
      name: 'nothing-imports-the-renderer',
      comment: 'The renderer is a leaf: only its own files and the tests import it.',
      severity: 'error',
      from: { pathNot: '^(renderer|tests)/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-outside-core',
      comment: 'The renderer talks to core through the typed client: it never imports db/ or the shells.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(db|web|electron|scripts|tests)/' },
    },
    {
      name: 'renderer-core-values',
      comment: `At run time the renderer may import only core's pure modules: ${RENDERER_CORE_VALUES.join(', ')}.`,
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^core/', pathNot: RENDERER_CORE_VALUES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-core-types',
      comment: `For types the renderer may also import core's contract: ${RENDERER_CORE_TYPES.join(', ')}.`,
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^core/', pathNot: [...RENDERER_CORE_VALUES, ...RENDERER_CORE_TYPES] },
    },
    {
      name: 'renderer-core-stays-pure',
      comment: 'The core modules the renderer runs stay browser-safe: no node: modules, no database, no shells.',
      severity: 'error',
      from: { path: RENDERER_CORE_VALUES },
      to: { dependencyTypesNot: ['type-only'], path: '^(db|web|electron|scripts)/|(^|/)node_modules/better-sqlite3/' },
    },
    {
      name: 'renderer-core-no-node',
      comment: 'The core modules the renderer runs import no Node built-in module.',
      severity: 'error',
      from: { path: RENDERER_CORE_VALUES },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'No import loops in the app: a loop means two modules are one, or one calls the other by a back door.',
      severity: 'error',
      from: { path: '^(domain|db|core|web|electron)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo or a package missing from package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.cts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
