#!/usr/bin/env node
/**
 * The read-throughput baseline: a bare Fastify server that answers
 * `GET /v1.0/deviceManagement/managedDevices/:id` with bytes it already holds in a Map (the exact bodies
 * and content type the mock sent for those devices). No auth, no serialisation, no logging: what any
 * Fastify server on this machine can do, against which the mock is measured as a ratio.
 *
 *   node bench/baseline-server.mjs --port <port> --bodies <file.json>
 *
 * <file.json>: {"contentType": "...", "bodies": {"<id>": "<the JSON text>", ...}}
 * Plain JavaScript so that it runs under bare `node`, with no loader, like the mock's dist/cli.js.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i === -1 || i + 1 >= process.argv.length) throw new Error(`baseline-server: ${name} is required`);
  return process.argv[i + 1];
};
const port = Number(arg('--port'));
const { contentType, bodies } = JSON.parse(readFileSync(arg('--bodies'), 'utf8'));
const byId = new Map(Object.entries(bodies).map(([id, text]) => [id, Buffer.from(text, 'utf8')]));

const app = Fastify({ logger: false });
app.get('/ready', async () => ({ status: 'ready' }));
app.get('/v1.0/deviceManagement/managedDevices/:id', (request, reply) => {
  const body = byId.get(request.params.id);
  if (body === undefined) return reply.code(404).send();
  return reply.header('content-type', contentType).send(body);
});

const close = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`baseline listening on http://127.0.0.1:${port}\n`);
