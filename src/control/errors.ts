/**
 * The control API's error body, `{"error": {"code", "message", "details"}}`, and how domain refusals map
 * to it. Control errors are for test authors: plain codes, the reason in the message, problems in details.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import type { Problem } from '../lib/ajv.js';
import { TenantHeaderError } from './tenant.js';

/** The control API's error body (OpenAPI's `mock.error`). */
export const ControlErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'e.g. `invalidRequest`, `deviceNotFound`, `conflict`, `invalidFixture`, `notFound`, `invalidTenant`.' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown({ description: 'For a refused body, every problem: `[{"path": "$.…", "message": "…"}]`; for an unknown entity, `{"target": id}`.' })),
  }, { additionalProperties: false }),
}, { $id: 'mock.error', description: 'An error of the control API.', additionalProperties: false });

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static invalid(message: string, problems: readonly Problem[]): ControlError {
    return new ControlError(400, 'invalidRequest', message, problems);
  }
}

const DOMAIN: Record<DomainErrorKind, [number, string]> = {
  deviceNotFound: [404, 'deviceNotFound'],
  userNotFound: [400, 'userNotFound'],
  policyNotFound: [404, 'policyNotFound'],
  auditNotFound: [404, 'auditNotFound'],
  invalidProperty: [400, 'invalidRequest'],
  readOnlyProperty: [400, 'invalidRequest'],
  actionNotSupported: [400, 'actionNotSupported'],
  invalidActionParameter: [400, 'invalidActionParameter'],
  dailyLimitReached: [400, 'dailyLimitReached'],
  noSignedInUser: [400, 'noSignedInUser'],
  conflict: [409, 'conflict'],
  notPersisted: [503, 'notPersisted'],
  clockLimit: [400, 'invalidRequest'],
  tenantUnavailable: [503, 'tenantUnavailable'],
  notEmulated: [501, 'notImplemented'],
};

export function sendControlError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  return reply.code(status).type('application/json').send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** The answer to a control path or verb that does not exist (the control plugin's and the root's alike). */
export function sendControlNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendControlError(reply, 404, 'notFound', `There is no control endpoint ${request.method} ${request.url.split('?')[0]}.`);
}

/** Anything thrown under `/_mock`: a known error in the control API's shape, anything else a logged 500. */
export function sendControlFailure(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toControlError(err);
  if (known) return sendControlError(reply, known.status, known.code, known.message, known.details);
  request.log.error({ err }, 'control request failed');
  return sendControlError(reply, 500, 'internalError', 'The mock failed to handle this request; see its log.');
}

/** A thrown value as a control error, or undefined when it is not one we know (a 500). */
export function toControlError(err: unknown): ControlError | undefined {
  if (err instanceof ControlError) return err;
  if (err instanceof TenantHeaderError) return new ControlError(400, 'invalidTenant', err.message);
  if (err instanceof DomainError) {
    const [status, code] = DOMAIN[err.kind];
    return new ControlError(status, code, err.message, err.target === undefined ? undefined : { target: err.target });
  }
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return new ControlError(400, 'invalidJson', 'The body is not valid JSON.');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ControlError(415, 'unsupportedMediaType', 'Send the body as application/json.');
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ControlError(413, 'bodyTooLarge', 'The body is too large.');
  if (typeof e.statusCode === 'number' && e.statusCode < 500) return new ControlError(e.statusCode, 'badRequest', e.message ?? 'Bad request.');
  return undefined;
}
