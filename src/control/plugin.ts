/**
 * The control API under `/_mock` (behaviour.md §6): JSON, its own error body
 * `{"error": {"code", "message", "details"}}`, the tenant from `x-mock-tenant`.
 * Its own plugin, so its errors and 404s never take the Graph envelope.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface ControlPluginOptions {
  /** Whether the fixtures are loaded (always true once `buildApp` resolves). */
  isReady(): boolean;
}

export function sendControlError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export async function controlPlugin(app: FastifyInstance, opts: ControlPluginOptions): Promise<void> {
  app.get('/health', async () => ({ status: 'ok', name: 'intune-mock', version: pkg.version }));
  app.get('/ready', async (_request, reply) =>
    opts.isReady() ? { status: 'ready' } : sendControlError(reply, 503, 'notReady', 'The fixtures are not loaded yet.'),
  );

  app.setNotFoundHandler((request, reply) =>
    sendControlError(reply, 404, 'notFound', `There is no control endpoint ${request.method} ${request.url.split('?')[0]}.`),
  );
  app.setErrorHandler((err, request, reply) => {
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e instanceof SyntaxError) {
      return sendControlError(reply, 400, 'invalidJson', 'The body is not valid JSON.');
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendControlError(reply, 415, 'unsupportedMediaType', 'Send the body as application/json.');
    }
    if (typeof e.statusCode === 'number' && e.statusCode < 500) {
      return sendControlError(reply, e.statusCode, 'badRequest', e.message);
    }
    request.log.error({ err }, 'control request failed');
    return sendControlError(reply, 500, 'internalError', 'The mock failed to handle this request; see its log.');
  });
}
