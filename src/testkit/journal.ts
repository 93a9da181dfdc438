/**
 * The request journal (docs/simulation.md#control-api): every Graph and token request of a tenant, so a test can
 * assert on what its client really sent. Bounded per tenant (the oldest entries go, and are counted);
 * secrets never reach it: `Authorization` keeps only its scheme, secrets and assertions in bodies, query
 * strings and paths are replaced (`lib/redact.ts`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { excerpt } from '../lib/excerpt.js';
import { REDACTED, isSecretKey } from '../lib/redact.js';
import { pathPattern } from './path-pattern.js';

export const JournalEntrySchema = Type.Object({
  id: Type.String(),
  time: Type.String({ format: 'date-time', description: 'The mock\'s clock when the request arrived.' }),
  kind: Type.Unsafe<'graph' | 'token'>({ type: 'string', enum: ['graph', 'token'] }),
  method: Type.String(),
  path: Type.String({ description: 'The path as the client encoded it, secret-named parameters\' values replaced by `<redacted>`; one longer than `--journal-body-limit` is cut there, ending `…[@mock.truncated: N characters]`.' }),
  query: Type.String({ description: 'The raw query string, as the client encoded it (\'\' when none), secret-named parameters\' values replaced by `<redacted>`; cut as `path` is.' }),
  status: Type.Integer(),
  durationMs: Type.Number(),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Selected request headers; `authorization` keeps only its scheme.' }),
  body: Type.Unknown({ description: 'The request body, secrets replaced by `<redacted>`; one longer than `--journal-body-limit` characters of JSON (64 Ki by default) or nested deeper than 64 levels is `{"@mock.truncated": why, "excerpt": its JSON text, cut}`.' }),
  fault: Type.Union([Type.String(), Type.Null()], { description: 'The fault rule that answered or delayed it.' }),
  warnings: Type.Array(Type.Object({
    quirk: Type.String({ description: 'The quirk, e.g. `startswith-is-contains` (README, "Differences from Microsoft Graph").' }),
    intune: Type.String({ description: 'What real Intune does instead.' }),
    sources: Type.Array(Type.String(), { description: 'Public reports of it.' }),
  }, { additionalProperties: false }), { description: 'Where real Intune would answer this request differently (also the `x-mock-warning` header); empty when nowhere.' }),
  batch: Type.Optional(Type.Object({
    entryId: Type.String({ description: 'The journal entry id of the `$batch` request this request was a step of.' }),
    itemId: Type.String({ description: 'The step\'s `id` in that batch.' }),
  }, { additionalProperties: false, description: 'Only on a `$batch` step: which batch, which step. The steps are recorded before their batch (each when answered).' })),
  throttling: Type.Union([Type.Literal('throttled'), Type.Literal('retriedTooEarly'), Type.Null()], {
    description: 'What the throttle did (docs/throttling.md): `throttled`, answered `429` past a limit; `retriedTooEarly`, answered `429` again because the client came back before its `Retry-After` had passed; null when neither.',
  }),
  proxy: Type.Union([Type.String(), Type.Null()], {
    description: 'The host the request was proxied for (`--proxy-port`, docs/proxy.md), e.g. `graph.microsoft.com`; null when it came to the mock\'s own ports.',
  }),
  claimedTenant: Type.Optional(Type.Union([Type.String(), Type.Null()], {
    description: 'Only in the unauthenticated journal: the tenant the request named without proving it (the token\'s `tid`, the token URL\'s tenant), resolved to its id; null when it named none.',
  })),
}, { $id: 'mock.journalEntry', description: 'A Graph or token request, as the mock received and answered it.', additionalProperties: false });
export type JournalEntry = Static<typeof JournalEntrySchema>;

export const JournalSchema = Type.Object({
  requests: Type.Array(JournalEntrySchema, { description: 'Oldest first.' }),
  dropped: Type.Integer({ minimum: 0, description: 'How many older requests the journal no longer holds (it keeps the last `--journal-size`, 1000 by default).' }),
}, { $id: 'mock.journal', additionalProperties: false });

/** Request headers worth asserting on; anything else (cookies, proxies' additions) is left out. */
const KEPT_HEADERS = [
  'authorization', 'content-type', 'accept', 'user-agent', 'client-request-id', 'x-ms-client-request-id', 'sdkversion',
  'retry-attempt', 'consistencylevel', 'prefer', 'if-match', 'x-mock-tenant',
];

export const JOURNAL_LIMIT = 1000;

/**
 * The journal's key for requests that proved no tenant (a refused token, a failed token request): never a
 * tenant id (those are GUIDs), so no tenant's journal receives what anyone could have sent in its name.
 */
export const UNAUTHENTICATED = 'unauthenticated';

/**
 * An entry as recorded: whole, or a function that makes it. WHY: formatting an entry (its time, redacted path
 * and query, kept headers) on every request cost about a sixth of a single GET's CPU while most entries are
 * never read; the test kit records what a request leaves behind (numbers, strings, the headers object, which
 * nothing changes once the request is answered) and the entry is made, once, when the journal is read.
 */
export type RecordedEntry = Omit<JournalEntry, 'id' | 'warnings' | 'throttling' | 'proxy'> & { warnings?: JournalEntry['warnings'] | null | undefined; throttling?: JournalEntry['throttling'] | undefined; proxy?: JournalEntry['proxy'] | undefined };
type Stored = JournalEntry | { id: string; make: () => RecordedEntry };

export class RequestJournal {
  #byTenant = new Map<string, { entries: Stored[]; dropped: number }>();

  constructor(private readonly limit = JOURNAL_LIMIT) {}

  /**
   * Told of each entry recorded, with its tenant's journal key and a function that makes the entry (once), and
   * of each journal cleared: the console's live stream (docs/console.md#live-updates). Nothing is made for an
   * entry while no listener is there.
   */
  readonly onRecord: Array<(tenantId: string, entry: () => JournalEntry) => void> = [];
  readonly onClear: Array<(tenantId: string) => void> = [];

  /** Entry ids: a counter, unique within this mock (cheaper than a UUID on every request). */
  #next = 0;

  /** An id for an entry recorded later (a `$batch` request: its steps' entries, recorded first, name it). */
  reserveId(): string {
    return String(++this.#next);
  }

  /** `id`: one `reserveId()` gave, else a new one. Returns the entry's id (the throttling report names early retries by it). */
  record(tenantId: string, entry: RecordedEntry | (() => RecordedEntry), id?: string | null): string {
    let log = this.#byTenant.get(tenantId);
    if (!log) this.#byTenant.set(tenantId, (log = { entries: [], dropped: 0 }));
    const entryId = id ?? String(++this.#next);
    const stored: Stored = typeof entry === 'function' ? { id: entryId, make: entry } : made(entryId, entry);
    log.entries.push(stored);
    while (log.entries.length > this.limit) {
      log.entries.shift();
      log.dropped++;
    }
    if (this.onRecord.length > 0) {
      let whole: JournalEntry | undefined;
      const read = () => (whole ??= 'make' in stored ? made(stored.id, stored.make()) : stored);
      for (const hook of this.onRecord) hook(tenantId, read);
    }
    return entryId;
  }

  /**
   * Oldest first; `path` is a prefix, or a pattern when it has `*` (as in fault rules); `claimedTenant` (a
   * resolved id) keeps the unauthenticated entries that named that tenant.
   */
  list(tenantId: string, filter: { method?: string | undefined; path?: string | undefined; claimedTenant?: string | undefined } = {}): Static<typeof JournalSchema> {
    const log = this.#byTenant.get(tenantId) ?? { entries: [], dropped: 0 };
    const entries = log.entries.map((e, i): JournalEntry => ('make' in e ? (log.entries[i] = made(e.id, e.make())) : e));
    const method = filter.method?.toUpperCase();
    const { path, claimedTenant } = filter;
    const pathMatches = path === undefined ? () => true : path.includes('*') ? pathPattern(path) : (p: string) => p.toLowerCase().startsWith(path.toLowerCase());
    return {
      requests: entries.filter((e) => (!method || e.method === method) && (claimedTenant === undefined || e.claimedTenant === claimedTenant) && pathMatches(e.path)),
      dropped: log.dropped,
    };
  }

  clear(tenantId: string): void {
    this.#byTenant.delete(tenantId);
    for (const hook of this.onClear) hook(tenantId);
  }
}

const made = (id: string, entry: RecordedEntry): JournalEntry => ({ id, ...entry, warnings: entry.warnings ?? [], throttling: entry.throttling ?? null, proxy: entry.proxy ?? null });

export function keptHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    const space = text.indexOf(' ');
    out[name] = name === 'authorization' ? `${space === -1 ? text : text.slice(0, space)} <redacted>` : text;
  }
  return out;
}

/** By default (`--journal-body-limit`), a body's JSON text beyond this many characters is cut in the journal (docs/simulation.md#request-journal). */
export const JOURNAL_BODY_LIMIT = 64 * 1024;
/** A body nested deeper than this is cut in the journal: a deep body overflowed the stack when listed (a 500). */
export const JOURNAL_BODY_DEPTH = 64;

const redact = (key: string, value: unknown): unknown => (isSecretKey(key) ? REDACTED : value);

/**
 * The body as the journal keeps it: secrets replaced by `<redacted>`; a body whose JSON text is longer than
 * `limit` characters (`--journal-body-limit`), or nested deeper than JOURNAL_BODY_DEPTH levels, becomes
 * `{"@mock.truncated": why, "excerpt": its JSON text, cut}`, so that listing the journal never fails.
 */
export function journalBody(body: unknown, limit = JOURNAL_BODY_LIMIT): unknown {
  const why = oversize(body, limit);
  if (why === undefined) return redactBody(body);
  return { '@mock.truncated': why, excerpt: excerpt(body, limit, { maxDepth: JOURNAL_BODY_DEPTH, replace: redact }) };
}

/**
 * A path or query string as the journal keeps it: whole up to `limit` characters, else cut there and
 * marked as a body is (a 1 MB URL is not kept whole): `…[@mock.truncated: N characters]`.
 */
export function journalText(text: string, limit = JOURNAL_BODY_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…[@mock.truncated: ${text.length} characters]`;
}

/** Why the body is too large to keep whole, or undefined; walks at most JOURNAL_BODY_DEPTH levels and `limit` characters. */
function oversize(body: unknown, limit: number): string | undefined {
  let size = 0;
  let deep = false;
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'object' && v !== null) {
      if (depth >= JOURNAL_BODY_DEPTH) return !(deep = true);
      size += 2; // [] or {}
      let first = true;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        size += (first ? 0 : 1) + (Array.isArray(v) ? 0 : JSON.stringify(key).length + 1); // , "key":
        first = false;
        if (size > limit || !walk((v as Record<string, unknown>)[key], depth + 1)) return false;
      }
    } else {
      size += typeof v === 'string' ? (v.length > limit ? v.length : JSON.stringify(v).length) : String(v).length;
    }
    return size <= limit;
  };
  if (walk(body, 0)) return undefined;
  return deep ? `nested deeper than ${JOURNAL_BODY_DEPTH} levels` : `longer than ${limit} characters of JSON`;
}

/** Secrets replaced; only for a body oversize() accepts (its depth is bounded). */
function redactBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactBody);
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redactBody(v)]));
}
