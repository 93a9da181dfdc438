/**
 * The console's files (docs/console.md): `/_mock/console` is the page, `/_mock/console/assets/<file>` its
 * bundled script and style, as `npm run build` wrote them to dist/console-ui/ (scripts/bundle-console.mjs; not
 * dist/console/, which is tsc's output of src/console/).
 * Open like the health probe: the files hold no data; every call the page makes to the control API carries
 * the control key the user typed, and Graph calls a token (docs/security.md#control-key).
 * Read from disk on first request and kept: a few tens of kilobytes.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageFile } from '../lib/package-files.js';
import { CONTROL_DEFAULT, controlDoc, controlError } from '../control/docs.js';
import { sendControlError } from '../control/errors.js';
import { respondAs } from '../openapi/components.js';

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The page may load only its own files and call only its own origin: nothing injected into a device name
 * (a fixture is anyone's text) can load a script or send data elsewhere.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** An asset's name: letters, digits, dots and dashes, no path. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function consolePlugin(app: FastifyInstance, opts: { dir?: string } = {}): Promise<void> {
  const dir = opts.dir ?? packageFile('dist/console-ui');
  const cache = new Map<string, Buffer>();

  async function send(reply: FastifyReply, path: string, type: string): Promise<FastifyReply> {
    let body = cache.get(path);
    if (!body) {
      try {
        body = await readFile(`${dir}/${path}`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        if (path === 'index.html') {
          return sendControlError(reply, 503, 'consoleNotBuilt', `The console is not built: ${dir} has no index.html. Run npm run build.`);
        }
        return sendControlError(reply, 404, 'notFound', `The console has no file ${path}.`);
      }
      cache.set(path, body);
    }
    return reply.headers(SECURITY_HEADERS).type(type).send(body);
  }

  app.get('/_mock/console', {
    schema: {
      ...controlDoc('console', 'The console: the tenant\'s fleet in a browser', { open: true, description: 'An HTML page (docs/console.md); it calls the control API and Graph like any client, with the control key the user types.' }),
      response: { 200: respondAs('The page.', 'text/html'), 503: controlError('Not built (`consoleNotBuilt`): run `npm run build`.'), default: CONTROL_DEFAULT },
    },
  }, (_request, reply) => send(reply, 'index.html', TYPES.html!));
  app.get<{ Params: { name: string } }>('/_mock/console/assets/:name', {
    schema: {
      ...controlDoc('consoleAsset', 'A file of the console page', { open: true }),
      params: { type: 'object', properties: { name: { type: 'string', description: 'e.g. `console.js`, `console.css`.' } }, required: ['name'] },
      response: { 200: { description: 'The script, its style sheet or its source map.', content: Object.fromEntries(['text/javascript', 'text/css', 'application/json'].map((type) => [type, { schema: { type: 'string' } }])) }, 404: controlError('No such file (`notFound`).'), default: CONTROL_DEFAULT },
    },
  }, (request, reply) => {
    const { name } = request.params;
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (!ASSET_NAME.test(name) || type === undefined) return sendControlError(reply, 404, 'notFound', `The console has no file ${name}.`);
    return send(reply, `assets/${name}`, type);
  });
}
