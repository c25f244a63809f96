/**
 * The layers and which way their imports point (docs/architecture.md): `npm run lint:deps`.
 * domain ← store, email, calendars, http ← use-cases ← functions ← infra, scripts, bench, test.
 */
const pure = [
  '^shared/domain/',
  '^shared/zod\\.ts$',
  '^shared/ids\\.ts$',
  '^node_modules/(zod|luxon|ulid)/',
  '^(node:)?(crypto|util)$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (type-only ones too) means two modules are one; split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'shared/domain holds the rules: it imports only domain modules and pure libraries (zod, luxon, ulid).',
      from: { path: '^shared/domain/' },
      to: { pathNot: pure },
    },
    {
      name: 'shared-never-imports-functions',
      severity: 'error',
      comment: 'functions/ are the adapters: they import shared, never the other way round.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|scripts|bench|test)/' },
    },
    {
      name: 'use-cases-no-aws-sdk',
      severity: 'error',
      comment: 'Use cases speak through shared/store and shared/email; the AWS SDK stays behind them.',
      from: { path: '^shared/use-cases/' },
      to: { path: '^node_modules/@aws-sdk/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'lower-layers-no-use-cases',
      severity: 'error',
      comment: 'store, email, http, calendars and the manifest sit below the use cases and never import them.',
      from: { path: '^shared/(store|email|http|calendars|manifest)/' },
      to: { path: '^shared/use-cases/' },
    },
    {
      name: 'store-no-email',
      severity: 'error',
      comment: "The store keeps what the mailer sends as data; composing email is the use case's job.",
      from: { path: '^shared/store/' },
      to: { path: '^shared/(email|http)/' },
    },
    {
      name: 'store-reads-calendar-types-only',
      severity: 'error',
      comment: 'The store keeps the shapes the calendar code reads and writes; it never runs calendar code.',
      from: { path: '^shared/store/' },
      to: { path: '^shared/calendars/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-through-the-handle',
      severity: 'error',
      comment:
        'Use cases and functions reach the table through the store handle (shared/store/index.ts, deps.store); the other store modules they import for types only.',
      from: { path: '^(shared/use-cases|functions)/' },
      to: { path: '^shared/store/', pathNot: '^shared/store/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'manifest-is-data',
      severity: 'error',
      comment: 'CDK, the local stack and every bundle read the manifest: it imports nothing but itself.',
      from: { path: '^shared/manifest/' },
      to: { pathNot: '^shared/manifest/' },
    },
    {
      name: 'function-not-into-another-function',
      severity: 'error',
      comment: "One function does not import another function's files; what two share lives in shared/.",
      from: { path: '^functions/([^/]+)/' },
      to: { path: '^functions/', pathNot: ['^functions/$1/', '^functions/[^/]+\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
