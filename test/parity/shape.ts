/**
 * Shape comparison of a real Microsoft Graph answer (a sample in samples/) with the mock's answer to the
 * same request. The rules are the README's in this folder ("How an answer is compared"); every rule
 * yields `Diff`s rather than failing, so that the test can set documented differences apart.
 */

export type DiffKind = 'status' | 'header' | 'missing' | 'extra' | 'type' | 'value' | 'format' | 'enum';

export interface Diff {
  kind: DiffKind;
  /** `a.b[0].c`; `<json>` steps into a JSON document carried in a string (Intune's error messages). */
  path: string;
  real?: unknown;
  mock?: unknown;
}

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

export interface CompareOptions {
  /** False when the source says its body may be truncated: the mock may then have more members. */
  complete: boolean;
  /** Paths whose real value Graph fixes whatever the data: the mock must give the same value. */
  exact: readonly string[];
  /** Path → separator: the text before the separator must be the same on both sides. */
  sameTextBefore: Readonly<Record<string, string>>;
  /** Members of the mock's enum for a normalised property path (`deviceActionResults[].actionState`), if it is one. */
  enumAt: (path: string) => readonly string[] | undefined;
}

type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

const jsonType = (v: unknown): JsonType =>
  v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'boolean' | 'number' | 'string' | 'object');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `innerError.date`: no fraction, no zone (docs/graph-fidelity.md#error-envelope). */
const ERROR_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const DATE_TIME_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** An Intune error document in a string; matched on its start, so a document cut short in the source still counts. */
const INTUNE_JSON = /^\{\s*"_version"\s*:\s*3\b/;
/** The `Message` inside it: "<text> - Operation ID (for customer support): 0000… - Activity ID: … - Url: https://fef.…". */
const INTUNE_MESSAGE = / - Operation ID \(for customer support\): [0-9a-f-]{36} - Activity ID: .* - Url: https:\/\/fef\.[a-z0-9]+\.manage\.microsoft\.com\//;

/**
 * The format class of a string, for the values whose format is Graph's and not the data's. An empty string
 * says "nothing" as null does, so it has no class; nor has free text.
 */
export function formatOf(s: string): string | undefined {
  if (s === '') return undefined;
  if (INTUNE_JSON.test(s)) return 'Intune JSON document';
  if (INTUNE_MESSAGE.test(s)) return 'Intune message text';
  if (GUID.test(s)) return 'GUID';
  if (ERROR_DATE.test(s)) return 'error date (YYYY-MM-DDTHH:MM:SS)';
  if (DATE_TIME_OFFSET.test(s)) return 'DateTimeOffset';
  if (/^https?:\/\//.test(s)) return 'URL';
  return undefined;
}

/** `value[0].deviceActionResults[1].actionState` → `deviceActionResults[].actionState`: the property, wherever it sits. */
export const normalisePath = (path: string): string => path.replace(/^value\[\d+\]\.?/, '').replace(/\[\d+\]/g, '[]');

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** `https://graph.microsoft.com/v1.0/$metadata#…` → `/v1.0/$metadata#…`: the host is the caller's. */
const withoutOrigin = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

function parseIntuneDocument(s: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(s);
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // cut short in the source: only its format is compared
  }
}

function compareValue(real: unknown, mock: unknown, path: string, opts: CompareOptions, out: Diff[], complete: boolean): void {
  const rt = jsonType(real);
  const mt = jsonType(mock);
  // null is Graph's empty value for any nullable property: a difference of data, not of shape.
  if (rt === 'null' || mt === 'null') return;
  if (rt !== mt) {
    out.push({ kind: 'type', path, real: rt, mock: mt });
    return;
  }
  if (rt === 'object') {
    compareObject(real as Record<string, unknown>, mock as Record<string, unknown>, path, opts, out, complete);
  } else if (rt === 'array') {
    const [r0] = real as unknown[];
    const [m0] = mock as unknown[];
    // The first element stands for all; an empty array on either side shows no element to compare.
    if (r0 !== undefined && m0 !== undefined) compareValue(r0, m0, `${path}[0]`, opts, out, complete);
  } else if (rt === 'string') {
    compareString(real as string, mock as string, path, opts, out, complete);
  }
}

function compareString(real: string, mock: string, path: string, opts: CompareOptions, out: Diff[], complete: boolean): void {
  const key = /(@odata\.[A-Za-z]+|[^.]+)$/.exec(path)?.[1] ?? '';
  if (key === '@odata.context' || key === '@odata.nextLink') {
    const r = withoutOrigin(real);
    const m = withoutOrigin(mock);
    const same = key === '@odata.context' ? r === m : r.split('?')[0] === m.split('?')[0];
    if (!same) out.push({ kind: 'value', path, real: r, mock: m });
    return;
  }
  const members = opts.enumAt(normalisePath(path));
  if (members !== undefined && !members.includes(real)) out.push({ kind: 'enum', path, real, mock: `one of ${members.length} members` });
  const rf = formatOf(real);
  const mf = formatOf(mock);
  if (rf !== undefined && mock !== '' && rf !== mf) out.push({ kind: 'format', path, real: rf, mock: mf ?? 'text' });
  if (rf === 'Intune JSON document' && mf === rf) {
    const r = parseIntuneDocument(real);
    const m = parseIntuneDocument(mock);
    if (r && m) compareObject(r, m, `${path}<json>`, opts, out, complete);
  }
}

function compareObject(real: Record<string, unknown>, mock: Record<string, unknown>, path: string, opts: CompareOptions, out: Diff[], complete: boolean): void {
  for (const key of Object.keys(real)) {
    const p = join(path, key);
    if (!(key in mock)) out.push({ kind: 'missing', path: p, real: jsonType(real[key]) });
    else compareValue(real[key], mock[key], p, opts, out, complete);
  }
  if (complete) {
    for (const key of Object.keys(mock)) if (!(key in real)) out.push({ kind: 'extra', path: join(path, key), mock: jsonType(mock[key]) });
  }
}

/** The steps of a path: keys (an `@odata.*` key keeps its dot), array indices, `<json>`. */
function stepsOf(path: string): Array<string | number | '<json>'> {
  const steps: Array<string | number | '<json>'> = [];
  for (const m of path.matchAll(/(@odata\.[A-Za-z]+|[^.[<]+)|\[(\d+)\]|(<json>)/g)) {
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : '<json>'));
  }
  return steps;
}

/** The value at `a.b[0].c` or `error.message<json>.X`; undefined when absent. */
export function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const step of stepsOf(path)) {
    if (cur === undefined || cur === null) return undefined;
    if (step === '<json>') cur = typeof cur === 'string' ? parseIntuneDocument(cur) : undefined;
    else if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : undefined;
    else cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** Header names whose value is Graph's constant. */
const FIXED_HEADERS = new Set(['odata-version', 'cache-control', 'strict-transport-security']);
/** Header names compared by presence only (ids and diagnostics differ per request). */
const PRESENT_HEADERS = new Set(['request-id', 'client-request-id', 'x-ms-ags-diagnostic', 'www-authenticate']);

const seconds = (v: string) => /^\d+(\.\d+)?$/.test(v.trim()) || !Number.isNaN(Date.parse(v));

export function compareHeaders(real: Readonly<Record<string, string>>, mock: Record<string, unknown>): Diff[] {
  const out: Diff[] = [];
  for (const [name, value] of Object.entries(real)) {
    const key = name.toLowerCase();
    // Transport headers (Date, Content-Length, Server, …) say nothing about Graph.
    if (!FIXED_HEADERS.has(key) && !PRESENT_HEADERS.has(key) && key !== 'content-type' && key !== 'retry-after') continue;
    const got = mock[key];
    const path = `headers.${key}`;
    if (got === undefined) {
      out.push({ kind: 'header', path, real: value, mock: undefined });
    } else if (key === 'content-type') {
      const media = (v: string) => v.split(';')[0]!.trim().toLowerCase();
      if (media(value) !== media(String(got))) out.push({ kind: 'header', path, real: media(value), mock: media(String(got)) });
    } else if (key === 'retry-after') {
      if (!seconds(String(got))) out.push({ kind: 'header', path, real: value, mock: got });
    } else if (FIXED_HEADERS.has(key) && String(got) !== value) {
      out.push({ kind: 'header', path, real: value, mock: got });
    }
  }
  return out;
}

/** Every difference between a real answer and the mock's; an empty list is a match. */
export function compareAnswers(real: Answer & { headers: Readonly<Record<string, string>> }, mock: Answer, opts: CompareOptions): Diff[] {
  const out: Diff[] = [];
  if (real.status !== mock.status) out.push({ kind: 'status', path: 'status', real: real.status, mock: mock.status });
  out.push(...compareHeaders(real.headers, mock.headers));
  if (real.body === null) {
    if (mock.body !== null) out.push({ kind: 'type', path: 'body', real: 'empty', mock: jsonType(mock.body) });
    return out;
  }
  if (mock.body === null) {
    out.push({ kind: 'type', path: 'body', real: jsonType(real.body), mock: 'empty' });
    return out;
  }
  compareValue(real.body, mock.body, '', opts, out, opts.complete);
  for (const path of opts.exact) {
    const r = valueAt(real.body, path);
    const m = valueAt(mock.body, path);
    if (JSON.stringify(r) !== JSON.stringify(m)) out.push({ kind: 'value', path, real: r, mock: m });
  }
  for (const [path, separator] of Object.entries(opts.sameTextBefore)) {
    const before = (v: unknown) => (typeof v === 'string' ? v.split(separator)[0] : v);
    const r = before(valueAt(real.body, path));
    const m = before(valueAt(mock.body, path));
    if (r !== m) out.push({ kind: 'value', path, real: r, mock: m });
  }
  return out;
}

/** `**` any depth, `*` one step (a key, an index or `<json>` excluded); otherwise literal. */
export function pathMatches(pattern: string, path: string): boolean {
  const re = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^.\\[]*' : part.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`).test(path);
}
