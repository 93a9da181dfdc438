/**
 * The request journal (behaviour.md §6): every Graph and token request of a tenant, so a test can
 * assert on what its client really sent. Bounded per tenant (the oldest entries go, and are counted);
 * secrets never reach it: `Authorization` keeps only its scheme, secrets and assertions in bodies are
 * replaced.
 */
import { randomUUID } from 'node:crypto';
import { globMatcher } from './faults.js';

export interface JournalEntry {
  id: string;
  /** The mock's clock when the request arrived. */
  time: string;
  kind: 'graph' | 'token';
  method: string;
  path: string;
  /** The raw query string, as the client encoded it ('' when none). */
  query: string;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  body: unknown;
  /** The fault rule that answered or delayed it. */
  fault: string | null;
}

/** Request headers worth asserting on; anything else (cookies, proxies' additions) is left out. */
const KEPT_HEADERS = [
  'authorization', 'content-type', 'accept', 'user-agent', 'client-request-id', 'x-ms-client-request-id', 'sdkversion',
  'retry-attempt', 'consistencylevel', 'prefer', 'if-match', 'x-mock-tenant',
];
const SECRET_KEYS = /^(client_secret|client_assertion|clientsecret|password|refresh_token|access_token|assertion)$/i;

export const JOURNAL_LIMIT = 1000;

export class RequestJournal {
  #byTenant = new Map<string, { entries: JournalEntry[]; dropped: number }>();

  constructor(private readonly limit = JOURNAL_LIMIT) {}

  record(tenantId: string, entry: Omit<JournalEntry, 'id'>): void {
    let log = this.#byTenant.get(tenantId);
    if (!log) this.#byTenant.set(tenantId, (log = { entries: [], dropped: 0 }));
    log.entries.push({ id: randomUUID(), ...entry });
    if (log.entries.length > this.limit) {
      const excess = log.entries.length - this.limit;
      log.entries.splice(0, excess);
      log.dropped += excess;
    }
  }

  /** Oldest first; `path` is a prefix, or a pattern when it has `*` (as in fault rules). */
  list(tenantId: string, filter: { method?: string | undefined; path?: string | undefined } = {}): { requests: JournalEntry[]; dropped: number } {
    const log = this.#byTenant.get(tenantId) ?? { entries: [], dropped: 0 };
    const method = filter.method?.toUpperCase();
    const path = filter.path;
    const pathMatches = path === undefined ? () => true : path.includes('*') ? globMatcher(path) : (p: string) => p.toLowerCase().startsWith(path.toLowerCase());
    return { requests: log.entries.filter((e) => (!method || e.method === method) && pathMatches(e.path)), dropped: log.dropped };
  }

  clear(tenantId: string): void {
    this.#byTenant.delete(tenantId);
  }
}

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = name === 'authorization' ? `${text.split(/\s+/)[0] ?? ''} <redacted>` : text;
  }
  return out;
}

export function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '<redacted>' : redactBody(v)]));
}
