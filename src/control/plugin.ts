/**
 * The control API under `/_mock` (docs/simulation.md#control-api): JSON, its own error body
 * `{"error": {"code", "message", "details"}}`, the tenant from `x-mock-tenant`.
 * Its own plugin, so its errors and 404s never take the Graph envelope.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../lib/package-files.js';
import type { Intune } from '../domain/intune.js';
import { controlGuard } from './access.js';
import type { ControlAccess } from './control-key.js';
import { clockRoutes } from './clock-routes.js';
import { CONTROL_DEFAULT, controlDoc, controlError } from './docs.js';
import { deviceActionsRoute } from './device-actions-route.js';
import { deviceRoutes } from './device-routes.js';
import { eventsRoute } from './events-route.js';
import { identityControlRoutes, type IdentityRoutesOptions } from './identity-routes.js';
import type { FaultRegistry } from '../testkit/faults.js';
import type { RequestJournal } from '../testkit/journal.js';
import { testkitRoutes } from './testkit-routes.js';
import { throttlingRoutes } from './throttling-routes.js';
import type { Throttle } from '../throttling/throttle.js';
import { sendControlError, sendControlFailure, sendControlNotFound, toControlError } from './errors.js';
import { stateRoutes } from './state-routes.js';
import { userRoutes } from './user-routes.js';


export interface ControlPluginOptions {
  intune: Intune;
  /** The control key, if this run needs one (docs/security.md#control-key). */
  access: ControlAccess;
  identity: Omit<IdentityRoutesOptions, 'intune'>;
  faults: FaultRegistry;
  journal: RequestJournal;
  throttle: Throttle;
  /** Whether the fixtures are loaded (always true once `buildApp` resolves). */
  isReady(): boolean;
  /** Why the state cannot be saved now (`--data` on a full disk), or undefined: health answers 503 meanwhile. */
  persistenceProblem(): string | undefined;
  /** The largest body `PUT /_mock/fixtures` takes (`--max-fixture-bytes`). */
  maxFixtureBytes?: number;
}

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  name: Type.Literal('intune-mock'),
  version: Type.String(),
}, { $id: 'mock.health', description: 'The process is up (it answers before the fixtures are loaded).', additionalProperties: false });
const ReadySchema = Type.Object({ status: Type.Literal('ready') }, { $id: 'mock.ready', additionalProperties: false });

export async function controlPlugin(app: FastifyInstance, opts: ControlPluginOptions): Promise<void> {
  // First: it guards every route below and the unknown paths (docs/security.md#control-key).
  app.addHook('onRequest', controlGuard(opts.access));
  app.get('/health', {
    schema: {
      ...controlDoc('health', 'Liveness, and whether the state is being saved', { open: true }),
      response: { 200: HealthSchema, 503: controlError('With `--data`, the state cannot be written (`notPersisted`): changes are refused until it can.'), default: CONTROL_DEFAULT },
    },
  }, async (_request, reply) => {
    const problem = opts.persistenceProblem();
    if (problem !== undefined) return sendControlError(reply, 503, 'notPersisted', `The mock cannot save its state: ${problem}. Changes are refused until it can.`);
    return { status: 'ok', name: 'intune-mock', version: packageVersion() };
  });
  app.get('/ready', {
    schema: {
      ...controlDoc('ready', 'Readiness: the fixtures are loaded', { open: true }),
      response: { 200: ReadySchema, 503: controlError('Not yet (`notReady`, with `Retry-After`).'), default: CONTROL_DEFAULT },
    },
  }, async (_request, reply) =>
    opts.isReady() ? { status: 'ready' } : sendControlError(reply, 503, 'notReady', 'The fixtures are not loaded yet.'),
  );
  app.setNotFoundHandler(sendControlNotFound);
  app.setErrorHandler((err, request, reply) => {
    const known = toControlError(err);
    // A body the framework could not read on an endpoint that does not exist (`QUERY /_mock/x` without a
    // Content-Type): the endpoint's absence is the answer, except for a body over the limit (docs/reliability.md#error-shapes).
    if (known && request.is404 && known.status !== 413) return sendControlNotFound(request, reply);
    return sendControlFailure(err, request, reply);
  });
  // After the handlers above: child plugins inherit the error handler in force when they are registered.
  await app.register(deviceRoutes, { intune: opts.intune });
  await app.register(deviceActionsRoute, { intune: opts.intune });
  await app.register(eventsRoute, { intune: opts.intune, journal: opts.journal, faults: opts.faults });
  await app.register(userRoutes, { intune: opts.intune });
  await app.register(clockRoutes, { intune: opts.intune });
  await app.register(identityControlRoutes, { intune: opts.intune, ...opts.identity });
  await app.register(testkitRoutes, { faults: opts.faults, journal: opts.journal });
  await app.register(throttlingRoutes, { throttle: opts.throttle });
  await app.register(stateRoutes, { intune: opts.intune, ...(opts.maxFixtureBytes ? { maxFixtureBytes: opts.maxFixtureBytes } : {}) });
}

