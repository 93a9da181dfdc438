/**
 * The load generator: undici's connection pool (keep-alive, no pipelining), a fixed number of
 * connections each with one request in flight. Always bounded: it stops at `durationMs` or after
 * `requests` requests, whichever comes first, and never runs longer than `maxMs`. Loopback only.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** `http://127.0.0.1:port`. */
  origin: string;
  /** The i-th request (0-based, in the order they are sent). */
  next: (i: number) => LoadRequest;
  /** Connections, each with one request in flight. */
  connections: number;
  /** Stop sending after this long. */
  durationMs?: number;
  /** Stop sending after this many requests. */
  requests?: number;
  /** Hard limit on the run, whatever else was asked (default 60 s). */
  maxMs?: number;
  /** Called with each completed request's index, spec and status. */
  onResponse?: (i: number, spec: LoadRequest, status: number) => void;
}

export interface LoadResult {
  /** Requests that completed (any status). */
  requests: number;
  /** Requests that failed without a response (connection errors, timeouts). */
  errors: number;
  /** Completed requests by status code. */
  statuses: Record<string, number>;
  elapsedMs: number;
  /** Completed requests per second of the run. */
  rps: number;
  latenciesMs: number[];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+$/.test(options.origin)) {
    throw new Error(`runLoad: loopback origins only, got ${options.origin}`);
  }
  if (options.durationMs === undefined && options.requests === undefined) throw new Error('runLoad: give durationMs or requests');
  const maxMs = Math.min(options.maxMs ?? 60_000, options.durationMs ?? Number.POSITIVE_INFINITY);
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + maxMs;

  const worker = async (): Promise<void> => {
    while (sent < limit && performance.now() < deadline) {
      const i = sent++;
      const spec = options.next(i);
      const t0 = performance.now();
      try {
        const res = await pool.request({
          path: spec.path,
          method: spec.method ?? 'GET',
          headers: spec.headers ?? {},
          ...(spec.body !== undefined ? { body: spec.body } : {}),
        });
        await res.body.dump({ limit: Number.MAX_SAFE_INTEGER });
        latenciesMs.push(performance.now() - t0);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        options.onResponse?.(i, spec, res.statusCode);
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    await pool.close().catch(() => pool.destroy());
  }
  const elapsedMs = performance.now() - started;
  return { requests: latenciesMs.length, errors, statuses, elapsedMs, rps: (latenciesMs.length * 1000) / elapsedMs, latenciesMs };
}

/** How many of a run's requests answered with `status`. */
export const countStatus = (result: LoadResult, status: number): number => result.statuses[status] ?? 0;
