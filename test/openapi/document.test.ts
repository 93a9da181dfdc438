/**
 * `openapi/openapi.json` is what the code generates (drift fails: regenerate with `npm run openapi`), it
 * is what `/openapi.json` serves, it hides no route but the verbs Intune does not route (stated once, in its
 * description, so that Swagger UI lists the served operations only), and Swagger UI at `/docs` renders.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { openapiText } from '../../src/openapi/document.js';
import { OPERATION_PERMISSIONS } from '../../src/domain/permissions.js';
import { NOT_ROUTED } from '../../src/openapi/plugin.js';
import { build } from '../helpers/build.js';
import { OPENAPI_FILE } from '../helpers/openapi-contract.js';

const committed = readFileSync(OPENAPI_FILE, 'utf8');
const doc = JSON.parse(committed);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch'];
const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
  .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })));

t.test('openapi/openapi.json is what the route schemas generate', async (t) => {
  const { app } = await build(t);
  await app.ready();
  t.ok(openapiText(app) === committed, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result');
});

t.test('/openapi.json serves the committed document; /docs renders Swagger UI', async (t) => {
  // Strict auth: the documentation needs no token, and no catch-all (identity's /{tenant}/…, the root's
  // "Invalid version.", the control 404) answers in its place.
  const { call } = await build(t, { config: { auth: 'strict' } });
  const served = await call('/openapi.json');
  t.equal(served.statusCode, 200);
  t.match(served.headers['content-type'], /^application\/json/);
  t.ok(served.body === committed, 'the same text as openapi/openapi.json');
  t.same((await call('/docs/json')).json, doc, 'Swagger UI reads the same document');

  for (const url of ['/docs', '/docs/']) {
    const page = await call(url);
    t.equal(page.statusCode, 200, `${url} renders`);
    t.match(page.headers['content-type'], /^text\/html/);
    t.match(page.body, '<div id="swagger-ui"></div>');
    const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://mock${url}`).pathname);
    t.ok(assets.some((a) => a.endsWith('swagger-ui-bundle.js')) && assets.some((a) => a.endsWith('swagger-initializer.js')), 'the page loads the bundle and the initializer');
    for (const asset of assets) {
      const res = await call(asset);
      t.equal(res.statusCode, 200, `${asset} loads`);
      t.ok(res.body.length > 0, `${asset} is not empty`);
    }
  }
  const initializer = await call('/docs/static/swagger-initializer.js');
  t.match(initializer.body, "resolveUrl('./json')", 'the UI loads the document from /docs/json');
});

t.test('no route is left out of the document', async (t) => {
  const { app } = await build(t);
  await app.ready();
  // Every (method, path) the router holds, from its printout; HEAD and Swagger UI's own pages aside.
  const routes = new Set<string>();
  // `<verb> <parent>` of each `…/:alias` route: one route per verb and parent serving the actions' qualified forms
  // and the documented actions beside them, picked by the last segment (src/graph/route-table.ts).
  const aliasRoutes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '').replace(/\/$/, '') + (m[2]!.startsWith('/') || depth === 0 ? '' : '/') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]!.split(', ')) {
      // The qualified form of an action (`…/microsoft.graph.wipe`) is an alias the document leaves out; the
      // actions' qualified forms are one `…/:alias` route per path (src/graph/route-table.ts).
      const templated = path.toLowerCase().replace(/:(\w+)/g, '{$1}');
      if (method !== 'HEAD' && path.endsWith('/:alias')) aliasRoutes.add(`${method} ${templated.slice(0, templated.lastIndexOf('/'))}`);
      else if (method !== 'HEAD' && !/^\/docs($|\/|\*)/.test(path) && !path.includes('/microsoft.graph.')) routes.add(`${method} ${templated}`);
    }
  }
  const documented = new Set(operations.map((o) => `${o.method.toUpperCase()} ${o.path.toLowerCase()}`));
  // A documented operation below an alias route is one of its routes when the route knows its name: an unknown
  // name answers as an unknown path does ("Resource not found for the segment", or 501), a known one never.
  for (const operation of documented) {
    const [method, path] = operation.split(' ') as [string, string];
    if (routes.has(operation) || !aliasRoutes.has(`${method} ${path.slice(0, path.lastIndexOf('/'))}`)) continue;
    const res = await app.inject({ method: method as 'GET', url: path.replace(/\{[^}]+\}/g, '6a0ba66b-0000-4000-8000-000000000001') });
    if (!/Resource not found for the segment|does not emulate/.test(res.body)) routes.add(operation);
  }
  // The verbs a Graph path does not list are the description's one rule, not operations of their own.
  const graphPaths = new Set(operations.filter((o) => /^\/(v1\.0|beta)\//.test(o.path)).map((o) => o.path.toLowerCase()));
  const notRouted = [...graphPaths].flatMap((p) => METHODS.map((m) => `${m.toUpperCase()} ${p}`)).filter((r) => !documented.has(r));
  t.ok(doc.info.description.includes(NOT_ROUTED), 'the description states what the verbs a Graph path does not list answer');
  t.same([...routes].filter((r) => !documented.has(r)), [], 'every route is documented');
  t.same([...documented].filter((d) => !routes.has(d)), [], 'every documented operation is a route');
  t.equal(routes.size, operations.length);
  // The description's rule, for every verb a Graph path does not list (no routes: the not-found handler).
  t.ok(notRouted.length > 100, `${notRouted.length} verbs a Graph path does not list`);
  const wrong: string[] = [];
  for (const entry of notRouted) {
    const [method, template] = entry.split(' ') as [string, string];
    const url = template.replace(/\{[^}]+\}/g, '6a0ba66b-0000-4000-8000-000000000001');
    const res = await app.inject({ method: method as 'GET', url });
    const error = res.statusCode === 400 ? (JSON.parse(res.body) as { error: { code: string; message: string } }).error : undefined;
    if (error?.code !== 'No method match route template' || !error.message.includes(`with http verb ${method} for request`)) wrong.push(`${entry}: ${res.statusCode} ${res.body.slice(0, 120)}`);
  }
  t.same(wrong, [], 'each answers 400 "No method match route template", naming its verb');
});

t.test('operations: unique ids, a tag each, Graph permissions and security', async (t) => {
  const ids = operations.map((o) => o.op.operationId);
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  t.ok(ids.every((id) => typeof id === 'string'), 'every operation has an operationId');
  const tags = new Set(doc.tags.map((tag: { name: string }) => tag.name));
  t.same([...tags], ['graph (v1.0)', 'graph (beta)', 'identity', 'control', 'docs']);
  for (const { path, method, op } of operations) {
    const where = `${method.toUpperCase()} ${path}`;
    t.equal(op.tags?.length, 1, `${where} has one tag`);
    t.ok(tags.has(op.tags[0]), `${where}: a declared tag`);
    const version = /^\/(v1\.0|beta)\//.exec(path)?.[1];
    const expectedTag = version ? `graph (${version})` : path.startsWith('/_mock/') ? 'control' : path.startsWith('/{tenant}/') ? 'identity' : 'docs';
    t.equal(op.tags[0], expectedTag, `${where} is tagged ${expectedTag}`);
    if (!version) continue;
    t.ok(op.operationId.startsWith(`${version}.`), `${where}: operationId prefixed by its version`);
    t.same(op.security, [{ bearerAuth: [] }], `${where}: bearer security`);
    // `$batch` needs no permission of its own: each of its requests is checked as if sent alone.
    if (path.endsWith('/$batch')) t.equal(op['x-permissions'], undefined, `${where}: no permissions of its own`);
    else if (op.responses['200'] || op.responses['204']) {
      const permissions = Object.values(OPERATION_PERMISSIONS).find((p) => JSON.stringify(p) === JSON.stringify(op['x-permissions']));
      t.ok(permissions, `${where}: x-permissions is an operation's permission list`);
      for (const p of op['x-permissions']) t.match(op.description, p, `${where}: the description names ${p}`);
    }
  }
  t.equal(doc.openapi, '3.1.0');
  t.ok(doc.paths['/v1.0/deviceManagement/managedDevices'].get.operationId === 'v1.0.managedDevices.list');
});
