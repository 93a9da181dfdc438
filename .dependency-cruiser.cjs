/**
 * The import rules of docs/architecture.md, checked by `npm run lint:imports` (part of `npm test`):
 * no cycle, and every arrow points down the layers
 *   entry (app, server, cli, index, config) → surfaces (control, testkit, throttling, graph, identity, openapi)
 *   → fixtures → domain → ground (schemas, lib); store implements the domain's port.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'ground-imports-nothing-above',
      comment: 'schemas/ and lib/ are the ground: they import only each other (lib not even schemas).',
      severity: 'error',
      from: { path: '^src/(schemas|lib)/' },
      to: { path: '^src/', pathNot: '^src/(schemas|lib)/' },
    },
    {
      name: 'entry-files-are-the-top',
      comment: 'app.ts, server.ts, surfaces.ts, config.ts, cli.ts and index.ts are the entry layer: no module below imports them (cli/ is part of the CLI entry).',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/cli/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    { name: 'lib-below-schemas', severity: 'error', from: { path: layer('lib') }, to: { path: layer('schemas') } },
    {
      name: 'domain-is-framework-free',
      comment: 'The domain imports neither the surfaces, the store, nor Fastify or lowdb.',
      severity: 'error',
      from: { path: layer('domain') },
      to: { path: ['^src/(graph|identity|control|testkit|throttling|openapi|store|fixtures|client|cli)/', '^src/[^/]+\\.ts$', 'node_modules/(fastify|lowdb|@fastify)/'] },
    },
    {
      name: 'store-only-from-the-composition-root',
      comment: 'The store implements the domain\'s port; only app.ts chooses and builds one.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/store/', '^src/app\\.ts$'] },
      to: { path: layer('store') },
    },
    {
      name: 'store-implements-the-port-only',
      severity: 'error',
      from: { path: layer('store') },
      to: { path: '^src/(graph|identity|control|testkit|throttling|openapi|fixtures|client|cli)/' },
    },
    {
      name: 'identity-does-not-know-graph-or-control',
      severity: 'error',
      from: { path: layer('identity') },
      to: { path: '^src/(graph|control|testkit|throttling)/' },
    },
    {
      name: 'graph-does-not-know-control-or-testkit',
      comment: 'The test kit and the throttle hook into the Graph surface, never the reverse.',
      severity: 'error',
      from: { path: layer('graph') },
      to: { path: '^src/(control|testkit|throttling)/' },
    },
    {
      name: 'testkit-below-control',
      severity: 'error',
      from: { path: layer('testkit') },
      to: { path: layer('control') },
    },
    {
      name: 'throttling-below-control',
      comment: 'The throttle is beside the test kit: it knows neither the control API nor the test kit.',
      severity: 'error',
      from: { path: layer('throttling') },
      to: { path: '^src/(control|testkit)/' },
    },
    {
      name: 'openapi-is-documentation-helpers',
      severity: 'error',
      from: { path: layer('openapi') },
      to: { path: '^src/(graph|identity|control|testkit|throttling|domain|store)/' },
    },
    {
      name: 'console-serves-files-only',
      comment: 'The console module serves the built page: it knows the control API\'s error shape and nothing of the state (the page reads it through the public APIs).',
      severity: 'error',
      from: { path: layer('console') },
      to: { path: '^src/', pathNot: ['^src/lib/', '^src/console/', '^src/control/(errors|docs)\\.ts$', '^src/openapi/components\\.ts$'] },
    },
    {
      name: 'fixtures-below-surfaces',
      severity: 'error',
      from: { path: layer('fixtures') },
      to: { path: '^src/(graph|identity|control|testkit|throttling|openapi|store|client|cli)/' },
    },
    {
      name: 'client-loads-no-server-code',
      comment: 'intune-mock/client imports only types from the server side.',
      severity: 'error',
      from: { path: layer('client') },
      to: { path: '^src/', pathNot: layer('client'), dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
