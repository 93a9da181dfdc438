/**
 * The OpenAPI 3.1 description of every route, generated from the route schemas by @fastify/swagger,
 * served at `GET /openapi.json` (the same text as the committed `openapi/openapi.json`; `npm run openapi`
 * rewrites it, a test fails when it drifts) with Swagger UI at `/docs`. Registered before any route.
 *
 * Route schemas are documentation only: Fastify neither validates with them (handlers validate with
 * `lib/ajv.ts` and answer in Graph's, Entra's or the control API's own error shapes) nor serializes with
 * them (fast-json-stringify would drop any property a schema does not list): every route gets a validator
 * that accepts everything and `JSON.stringify` as its serializer.
 */
import fastifySwagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { packageVersion } from '../lib/package-files.js';
import { Components, TAG, respondAs, routeSchemaOf } from './components.js';
import { openapiText, stableDocument } from './document.js';


/**
 * Graph's verbs that Intune does not route, stated once here rather than as one operation per verb and
 * path (they are no routes either: the Graph not-found handler answers them, src/graph/route-table.ts);
 * test/openapi/document.test.ts checks every one answers as this sentence says.
 */
export const NOT_ROUTED = 'On a Graph path below (`/v1.0/…`, `/beta/…`), any verb the path does not list (GET, POST, PATCH, DELETE, PUT or '
  + 'OPTIONS; the mock does no CORS) answers as Intune does: `400 BadRequest` "No method match route template", the message naming '
  + 'the OData route template and the verb (after the token check: `401` without a valid token).';

const DESCRIPTION = [
  'intune-mock emulates the Microsoft Graph Intune device-management API (`/v1.0`, `/beta`), Entra ID\'s token issuer for it, '
  + 'and adds its own control API (`/_mock`). Generated from the route schemas; Swagger UI at `/docs`.',
  NOT_ROUTED,
  'Besides the operations below: any other path under `/v1.0` or `/beta` answers `400 BadRequest` "Resource not found for the '
  + 'segment \'…\'." (a segment Graph does not have) or `501 NotImplemented` (Graph has it, the mock does not emulate it); any '
  + 'other path outside `/_mock` `400 BadRequest` "Invalid version."; any other path under `/_mock` `404 notFound`. Every GET '
  + 'also answers HEAD.',
  'Graph calls need a bearer token from the mock\'s issuer (`POST /{tenant}/oauth2/v2.0/token` or `POST /_mock/tokens`) unless '
  + 'the mock runs with `--auth off`.',
].join('\n\n');

/** `GET /` lives in app.ts; its documentation here. */
const ServiceIndexSchema = Type.Object({
  name: Type.Literal('intune-mock'),
  description: Type.String(),
  graph: Type.Object({ 'v1.0': Type.String(), beta: Type.String() }, { additionalProperties: false }),
  control: Type.String(),
  console: Type.String({ description: 'The console: the fleet in a browser (docs/console.md)' }),
  docs: Type.String({ description: 'Swagger UI' }),
  openapi: Type.String({ description: 'This OpenAPI document' }),
}, { $id: 'mock.serviceIndex', description: 'Where things are, on the scheme and host you called.', additionalProperties: false });
const ROOT_SCHEMA = { tags: [TAG.docs], operationId: 'serviceIndex', summary: 'What this server is, and its base URLs', response: { 200: ServiceIndexSchema } };

/** @fastify/swagger's options: the document's frame; the operations come from the routes. */
const SWAGGER_OPTIONS = {
  openapi: {
    openapi: '3.1.0',
    info: { title: 'intune-mock', version: '', description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [
      { url: '/', description: 'The mock that serves this document' },
      { url: 'http://127.0.0.1:8080', description: '`npm start`, HTTP' },
      { url: 'https://127.0.0.1:8443', description: '`npm start`, HTTPS (trust `GET /_mock/ca.pem`)' },
    ],
    tags: [
      { name: TAG.graph('v1.0'), description: 'Microsoft Graph v1.0: Intune managed devices, their remote actions, compliance policies.' },
      { name: TAG.graph('beta'), description: 'Microsoft Graph beta: the v1.0 operations with the beta properties, and the remote action audits.' },
      { name: TAG.identity, description: 'Entra ID\'s v2 token issuer, per tenant (a GUID or any name).' },
      { name: TAG.control, description: 'The mock\'s own control API; the tenant comes from `x-mock-tenant` (the default tenant without it).' },
      { name: TAG.docs, description: 'This document, and what the server is.' },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'A token from `POST /{tenant}/oauth2/v2.0/token` or `POST /_mock/tokens` (not needed with `--auth off`).',
        },
        controlKey: {
          type: 'apiKey', in: 'header', name: 'x-mock-control-key',
          description: 'The control key: asked for when the mock listens beyond loopback (`--control-auth auto`, the default), always with `--control-auth key`, never with `off`. `INTUNE_MOCK_CONTROL_KEY`, or the key the banner prints (also in `<data>/control-key`).',
        },
      },
    },
  },
  // Components are named by their schema's `$id` (see components.ts).
  refResolver: { buildLocalReference: (json: Record<string, unknown>, _baseUri: unknown, _fragment: unknown, i: number) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  transformObject: (doc: Record<string, unknown>) => stableDocument(('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as Record<string, unknown>),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Operations a parameter route serves in place of routes of their own (`…/{id}/:alias`, graph/route-table.ts):
     * each documented as the route it stands for would be, at the route's path with `name` for its last segment.
     */
    documents?: ReadonlyArray<{ name: string; schema: object }>;
  }
}

/** What a route's registration leaves for the document: its options as the `onRoute` hook saw them, its schema as written. */
type DocumentedRoute = Pick<RouteOptions, 'method' | 'url' | 'config'> & { schema: Record<string, unknown> }; // the schema may be lazySchema()'s

/**
 * The document from the recorded routes, generated by @fastify/swagger's dynamic mode on an instance of its
 * own (just the hooks and the schema store it uses: `onRoute`, `onReady`, `getSchemas`, its decorator), fed
 * with each route's schema hoisted into components (components.ts) only now.
 */
function buildSwagger(routes: readonly DocumentedRoute[]): FastifyInstance['swagger'] {
  const hooks: { onRoute: Array<(route: unknown) => void>; onReady: Array<(done: () => void) => void> } = { onRoute: [], onReady: [] };
  const schemas: Record<string, unknown> = {};
  let swagger: FastifyInstance['swagger'] | undefined;
  const host = {
    addHook: (name: string, hook: never) => void (hooks as Record<string, unknown[]>)[name]?.push(hook),
    decorate: (_name: string, value: FastifyInstance['swagger']) => void (swagger = value),
    getSchemas: () => schemas,
  };
  const plugin = (fastifySwagger as unknown as { fastifySwagger: (f: unknown, o: unknown, done: (err?: Error) => void) => void }).fastifySwagger;
  plugin(host, { ...SWAGGER_OPTIONS, openapi: { ...SWAGGER_OPTIONS.openapi, info: { ...SWAGGER_OPTIONS.openapi.info, version: packageVersion() } } }, (err) => {
    if (err) throw err;
  });
  const components = new Components((schema) => {
    schemas[schema.$id as string] = schema;
  });
  for (const route of routes) for (const hook of hooks.onRoute) hook({ ...route, schema: components.route(routeSchemaOf(route.schema)) });
  for (const hook of hooks.onReady) hook(() => {});
  if (!swagger) throw new Error('@fastify/swagger did not decorate');
  return swagger;
}

async function openapi(app: FastifyInstance): Promise<void> {
  // The routes' schemas are documentation only; hoisting them into components (and @fastify/swagger's reading of
  // them) waits for the first request for the document (or `app.swagger()`): registering ~200 routes with their
  // schemas was a visible share of every start (BENCHMARKS.md, start-up), and most starts never serve the document.
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    route.validatorCompiler ??= () => () => true;
    route.serializerCompiler ??= () => (data) => JSON.stringify(data);
    const schema = route.method === 'GET' && route.url === '/' && route.schema === undefined ? ROOT_SCHEMA : route.schema;
    if (route.method !== 'HEAD') { // @fastify/swagger documents no HEAD route
      if (schema && !(schema as { hide?: boolean }).hide) routes.push({ method: route.method, url: route.url, config: route.config, schema: schema as Record<string, unknown> });
      const parent = route.url.slice(0, route.url.lastIndexOf('/') + 1);
      for (const d of route.config?.documents ?? []) routes.push({ method: route.method, url: `${parent}${d.name}`, config: {}, schema: d.schema as Record<string, unknown> });
    }
    // Fastify keeps no schema it would only have walked (its compilers above accept and stringify anything).
    route.schema = undefined;
  });
  let ready = false;
  app.addHook('onReady', (done) => {
    ready = true;
    done();
  });
  let swagger: FastifyInstance['swagger'] | undefined;
  app.decorate('swagger', ((opts?: { yaml?: boolean }) => {
    if (!ready) throw new Error('.swagger() must be called after .ready()');
    swagger ??= buildSwagger(routes);
    return opts?.yaml ? swagger({ yaml: true }) : swagger();
  }) as FastifyInstance['swagger']);

  let text: string | undefined;
  app.get('/openapi.json', {
    schema: {
      tags: [TAG.docs],
      operationId: 'openapi',
      summary: 'This document',
      description: 'The same text as `openapi/openapi.json` in the repository.',
      response: { 200: respondAs('The OpenAPI 3.1 description of every route.', 'application/json', { type: 'object' }) },
    },
  }, async (_request, reply) => reply.type('application/json; charset=utf-8').send((text ??= openapiText(app))));

  // Swagger UI (and @fastify/static, which serves its files) is loaded by the first request for /docs, in an
  // app of its own that this one forwards to: most starts never open the UI, and loading it cost each of them
  // tens of milliseconds.
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const res = await (ui ??= swaggerUiApp(app)).then((u) => u.inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers }));
    if (res.statusCode === 404) return reply.callNotFound();
    const { 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, date: _date, ...headers } = res.headers;
    return reply.code(res.statusCode).headers(headers).send(res.rawPayload);
  };
  for (const url of ['/docs', '/docs/*']) app.route({ method: 'GET', url, schema: { hide: true }, handler: forward });
  app.addHook('onClose', async () => {
    if (ui) await (await ui).close();
  });
}

/** Swagger UI at `/docs` on an app of its own, reading this app's document (`app.swagger()`). */
async function swaggerUiApp(app: FastifyInstance): Promise<FastifyInstance> {
  const { default: fastifySwaggerUi } = await import('@fastify/swagger-ui');
  const ui = Fastify({ logger: false, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  // What Swagger UI needs of @fastify/swagger: the document, as the main app generates it.
  await ui.register(fp(async (instance) => {
    instance.decorate('swagger', ((opts?: { yaml?: boolean }) => (opts?.yaml ? app.swagger({ yaml: true }) : app.swagger())) as FastifyInstance['swagger']);
  }, { name: '@fastify/swagger' }));
  await ui.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0 },
  });
  await ui.ready();
  return ui;
}

// No `fastify` version range: the plugin ships with the Fastify it is built against (a dependency of this
// package), and checking the range parsed it with semver on every start (`parseRange`, tens of milliseconds cold).
export const openapiPlugin = fp(openapi, { name: 'intune-mock-openapi' });
