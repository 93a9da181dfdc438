/**
 * Warnings about a request that real Intune would answer differently (docs/graph-fidelity.md#filter):
 * the Graph surface adds them to the request while it answers; they go out as one `x-mock-warning`
 * response header, into the request's log line, and (the test kit reads `request.mockWarnings` when it journals the
 * request) into the request journal. The Graph surface knows nothing of the journal.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface MockWarning {
  /** The quirk's id, e.g. `startswith-is-contains`. */
  readonly quirk: string;
  /** What real Intune does instead. */
  readonly intune: string;
  /** Public reports of it. */
  readonly sources: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What real Intune would answer differently, if anything (`null`: nothing). */
    mockWarnings: MockWarning[] | null;
  }
}

export const WARNING_HEADER = 'x-mock-warning';

/** Records a warning on the request (the request's one log line names it: the app's request log). */
export function addWarning(request: FastifyRequest, warning: MockWarning): void {
  (request.mockWarnings ??= []).push(warning);
}

/**
 * The header's value: one entry per warning, `<quirk> <source> [<source>…]`, entries separated by `, `
 * (quirk ids and the source URLs hold neither spaces nor commas).
 */
export function warningHeader(warnings: readonly MockWarning[]): string {
  return warnings.map((w) => [w.quirk, ...w.sources].join(' ')).join(', ');
}

/** Declares `request.mockWarnings`; the wire's `onSend` hook sends them as `x-mock-warning` (graph/wire.ts, on the root app: errors included). */
export function installWarnings(app: FastifyInstance): void {
  app.decorateRequest('mockWarnings', null);
}
