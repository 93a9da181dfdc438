/**
 * The mock's log (docs/simulation.md#logs): one line per request and one per simulated-device event, at
 * `info`; `debug` adds detail to the same lines, never a second line per request. `--log-format json`
 * writes Fastify's (pino's) JSON objects as they are; `text` turns each into one line for people, e.g.
 *
 *   12:04:05.123 GET /v1.0/deviceManagement/managedDevices?$top=3 200 4ms tenant=contoso.onmicrosoft.com caller=app:4f1c…
 *   12:04:07.130 device 6a0ba66b-… (Contoso-iPad-01) checked in: resetPasscode done tenant=contoso.onmicrosoft.com
 *
 * A small formatter rather than pino-pretty: the request and device lines are ours (known fields, one
 * order), pino-pretty would be a dependency of every install for a `key: value` dump of them, and its worker
 * thread (transport) would make a log line outlive a fast exit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DeviceActivity } from './domain/simulation/activity.js';
import { redactQueryParameter, redactUrl } from './lib/redact.js';
import { DEFAULT_TENANT_DOMAIN, DEFAULT_TENANT_ID, resolveTenantId } from './domain/tenants.js';
import { decodeOrKeep } from './lib/decode.js';
import { LineBatch, type LogOut, stdoutLines } from './log-lines.js';
export { flushStdoutLines, LineBatch } from './log-lines.js';
export type { LogOut } from './log-lines.js';

/** The `logger` option of Fastify for this configuration. */
export function loggerOptions(config: Config, out: LogOut = stdoutLines()): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  return {
    level: config.logLevel,
    // The banner says where the mock listens: Fastify's own "Server listening at" line would come before it.
    hooks: {
      logMethod(args, method) {
        if (typeof args[0] === 'string' && args[0].startsWith('Server listening at')) return;
        method.apply(this, args);
      },
    },
    stream: config.logFormat === 'text' ? { write: (line: string) => out.write(formatLine(line, verbose)) } : out,
  };
}

type Logger = FastifyInstance['log'];
type ChildOptions = Parameters<Logger['child']>[1];

/**
 * A request's logger (`request.log`) that becomes pino's child logger (with the request's `reqId`) only when
 * something logs through it. WHY: Fastify makes that child for every request, a visible share of a GET's CPU
 * (BENCHMARKS.md), and almost no request logs through it: the request's own line is written by our hook
 * (requestLog; `--log-format json` alone writes it through `request.log`), an error's only on a 500.
 */
class RequestLogger {
  #real: Logger | undefined;
  constructor(private readonly parent: Logger, private readonly bindings: Record<string, unknown>, private readonly options: ChildOptions) {}
  get #log(): Logger {
    return (this.#real ??= this.parent.child(this.bindings, this.options));
  }
  get level(): string {
    return this.#log.level;
  }
  set level(level: string) {
    this.#log.level = level;
  }
  fatal(...args: Parameters<Logger['fatal']>): void {
    this.#log.fatal(...args);
  }
  error(...args: Parameters<Logger['error']>): void {
    this.#log.error(...args);
  }
  warn(...args: Parameters<Logger['warn']>): void {
    this.#log.warn(...args);
  }
  info(...args: Parameters<Logger['info']>): void {
    this.#log.info(...args);
  }
  debug(...args: Parameters<Logger['debug']>): void {
    this.#log.debug(...args);
  }
  trace(...args: Parameters<Logger['trace']>): void {
    this.#log.trace(...args);
  }
  silent(...args: Parameters<Logger['silent']>): void {
    this.#log.silent(...args);
  }
  child(bindings: Record<string, unknown>, options?: ChildOptions): Logger {
    return this.#log.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: each request's logger made on first use (RequestLogger). */
export const lazyRequestLogger = (logger: Logger, bindings: Record<string, unknown>, options: ChildOptions): Logger =>
  new RequestLogger(logger, bindings, options) as unknown as Logger;

/** Fields of the one line a request logs (and the JSON object's, under the same names). */
interface RequestLine {
  kind: 'request';
  method: string;
  url: string;
  status: number;
  ms: number;
  tenant?: string;
  caller?: string;
  fault?: string;
  throttled?: true;
  /** The throttle's answer (docs/throttling.md): the limit reached, or `retriedTooEarly`. */
  throttling?: string;
  /** The host the request was proxied for (docs/proxy.md). */
  proxy?: string;
  warnings?: Array<{ quirk: string; intune: string; sources?: readonly string[] }>;
  userAgent?: string;
  remoteAddress?: string;
}

interface DeviceLine {
  kind: 'device';
  activity: DeviceActivity['kind'];
  deviceId: string;
  deviceName: string | null;
  /** On the tenant's clock (which a test may have moved). */
  at: string;
  tenant: string;
  actions?: Array<{ action: string; state: string }>;
  event?: string;
}

/** Probes (a container's health check every few seconds) log at `debug` only. */
const PROBE = /^\/_mock\/(health|ready)(\?|$)/;
const TOKEN_PATH = /^\/([^/?]+)\/oauth2\/v2\.0\/token(\?|$)/i;

/**
 * The request log's parts: `noteTenant`, run on each request before anything else (a root `onRequest` hook's
 * work), `onResponse`, which writes its line (a root `onResponse` hook's work), and the logger of device events.
 * The app runs the first two in the hooks it shares with other work (app.ts: one hook per phase, issue 17).
 */
export interface RequestLog {
  noteTenant?: (request: FastifyRequest) => void;
  onResponse?: (request: FastifyRequest, reply: FastifyReply) => void;
  deviceActivity: (tenantId: string, activity: readonly DeviceActivity[]) => void;
}

/**
 * The per-request line and the logger of device events. A tenant is named as the clients named it (the token
 * URL's tenant, `x-mock-tenant`) once the mock has seen the name.
 */
export function requestLog(app: FastifyInstance, config: Config, out: LogOut = stdoutLines()): RequestLog {
  if (config.logLevel === 'silent') return { deviceActivity: () => {} };
  // A stream of the caller's (a test's) gets each line as it is made.
  const writeLater = out.later ? (line: string) => out.later!(line) : (line: string) => void out.write(line);
  if (out instanceof LineBatch) {
    app.addHook('onClose', (_app, done) => {
      out.flush();
      done();
    });
  }
  // pino's, which Fastify's logger type leaves out.
  const isEnabled = (level: string) => (app.log as unknown as { isLevelEnabled(level: string): boolean }).isLevelEnabled(level);
  // Whether `info` and `debug` are on, looked up again only when the logger's level is another (a program may
  // set `app.log.level`): three lookups per request were about 1.5 µs of a single GET (issue 17).
  let levelSeen: string | undefined;
  let infoOn = false;
  let debugOn = false;
  const enabled = (level: 'info' | 'debug'): boolean => {
    if (app.log.level !== levelSeen) [levelSeen, infoOn, debugOn] = [app.log.level, isEnabled('info'), isEnabled('debug')];
    return level === 'info' ? infoOn : debugOn;
  };
  const names = new Map<string, string>([[DEFAULT_TENANT_ID, DEFAULT_TENANT_DOMAIN]]);
  const nameOf = (tenantId: string) => names.get(tenantId) ?? tenantId;
  const learn = (name: string): string => {
    const id = resolveTenantId(name);
    if (!names.has(id) && names.size < 1000) names.set(id, name.trim());
    return nameOf(id);
  };
  const verbose = () => enabled('debug');
  // Named before the request runs, so what its devices do is logged under the name too.
  const noteTenant = (request: FastifyRequest): void => {
    const header = request.headers['x-mock-tenant'];
    if (typeof header === 'string' && header.trim()) learn(header);
  };
  const text = config.logFormat === 'text';
  const onResponse = (request: FastifyRequest, reply: FastifyReply): void => {
    const level = PROBE.test(request.url) ? 'debug' : 'info';
    if (!enabled(level)) return;
    const detail = verbose();
    const line = requestLine(request, reply, learn, nameOf, detail);
    // WHY written here in text mode: through pino, every request's line was made JSON and parsed back by
    // formatLine, a tenth of a single GET's CPU (BENCHMARKS.md). The same line, written to the same stream.
    if (text) writeLater(requestText(line, clockTime(Date.now()), level === 'info' ? '' : ' DEBUG', detail ? ` req=${request.id}` : ''));
    else request.log[level](line, 'request');
  };
  const deviceActivity = (tenantId: string, activity: readonly DeviceActivity[]): void => {
    for (const a of activity) {
      const { kind, ...rest } = a;
      const line: DeviceLine = { kind: 'device', activity: kind, ...rest, tenant: nameOf(tenantId) };
      app.log.info(line, 'device');
    }
  };
  return { noteTenant, onResponse, deviceActivity };
}

/** The control API's paths as its router takes them (any case, `_` percent-encoded or not). */
const CONTROL_PATH = /^\/(_|%5f)mock\//i;

function requestLine(request: FastifyRequest, reply: FastifyReply, learn: (name: string) => string, nameOf: (id: string) => string, verbose: boolean): RequestLine {
  // Secrets in the URL (`?client_secret=…`) are replaced, as in the journal (lib/redact.ts); so is the control
  // key, which /_mock/events takes as `key` (docs/security.md#control-key): a key from the environment is never printed.
  const url = CONTROL_PATH.test(request.url) ? redactQueryParameter(request.url, 'key') : request.url;
  const line: RequestLine = { kind: 'request', method: request.method, url: redactUrl(url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
  const token = TOKEN_PATH.exec(request.url);
  const header = request.headers['x-mock-tenant'];
  if (token?.[1]) {
    line.tenant = learn(decodeOrKeep(token[1]));
    const clientId = (request.body as Record<string, unknown> | null | undefined)?.client_id;
    if (typeof clientId === 'string') line.caller = `app:${clientId}`;
  } else if (request.caller) {
    line.tenant = nameOf(request.caller.tenantId);
    const c = request.caller;
    line.caller = c.kind === 'app' ? `app:${c.appId ?? '?'}` : c.userId ? `user:${c.userId}` : 'anonymous';
  } else if (request.url.startsWith('/_mock')) {
    line.tenant = typeof header === 'string' && header.trim() ? learn(header) : DEFAULT_TENANT_DOMAIN;
  }
  if (request.proxiedFor) line.proxy = request.proxiedFor;
  if (request.faultId) line.fault = request.faultId;
  if (request.faultId && reply.statusCode === 429) line.throttled = true;
  const throttling = reply.getHeader('x-mock-throttling');
  if (typeof throttling === 'string') line.throttling = throttling;
  if (request.mockWarnings) line.warnings = request.mockWarnings.map((w) => ({ quirk: w.quirk, intune: w.intune, ...(verbose ? { sources: w.sources } : {}) }));
  if (verbose) {
    if (request.headers['user-agent']) line.userAgent = request.headers['user-agent'];
    line.remoteAddress = request.ip;
  }
  return line;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** What pino puts on every object, and what the lines below print themselves. */
const HOUSEKEEPING = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'kind', 'err']);

/** One pino JSON line as one readable line (a request, a device event, or `LEVEL message key=value…`). */
export function formatLine(json: string, verbose: boolean): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof o.time === 'number' ? clockTime(o.time) : '';
  const level = typeof o.level === 'number' ? (LEVELS[o.level] ?? String(o.level)) : '';
  const tag = level === 'INFO' ? '' : ` ${level}`;
  const id = verbose && typeof o.reqId === 'string' ? ` req=${o.reqId}` : '';
  if (o.kind === 'request') return requestText(o as unknown as RequestLine, time, tag, id);
  if (o.kind === 'device') return `${time}${tag} ${describeDevice(o as unknown as DeviceLine, typeof o.time === 'number' ? o.time : undefined)}\n`;
  const extra = Object.entries(o).filter(([k]) => !HOUSEKEEPING.has(k)).map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('');
  const err = o.err as { message?: string; stack?: string } | undefined;
  const error = err ? `\n${(verbose || o.level === 50 || o.level === 60 ? (err.stack ?? err.message) : err.message) ?? ''}`.replace(/\n/g, '\n  ') : '';
  return `${time}${tag} ${String(o.msg ?? '')}${extra}${id}${error}\n`;
}

/**
 * A log line's time of day (UTC, to the millisecond), as every text line starts. The second's part is kept
 * (lines come many to a second), the milliseconds appended: a Date and its ISO text per line were a visible share of a GET.
 */
let lastSecond = Number.NaN;
let secondText = '';
const clockTime = (time: number): string => {
  const ms = Math.floor(time);
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) [lastSecond, secondText] = [second, new Date(second * 1000).toISOString().slice(11, 20)];
  const milli = ms - second * 1000;
  return secondText + (milli < 10 ? '00' : milli < 100 ? '0' : '') + String(milli);
};

/** A request's one text line (built by concatenation: no array of parts per request). */
function requestText(r: RequestLine, time: string, tag: string, id: string): string {
  let text = `${time}${tag} ${r.method} ${decodeOrKeep(r.url)} ${r.status} ${Math.round(r.ms)}ms`;
  if (r.tenant) text += ` tenant=${r.tenant}`;
  if (r.caller) text += ` caller=${r.caller}`;
  if (r.proxy) text += ` proxy=${r.proxy}`;
  if (r.throttled) text += ' throttled';
  if (r.fault) text += ` fault=${r.fault}`;
  if (r.throttling) text += ` throttling=${r.throttling}`;
  if (r.warnings) for (const w of r.warnings) text += ` warning=${w.quirk} (real Intune: ${w.intune}${w.sources ? `; ${w.sources.join(' ')}` : ''})`;
  if (r.userAgent) text += ` ua=${JSON.stringify(r.userAgent)}`;
  if (r.remoteAddress) text += ` from=${r.remoteAddress}`;
  return `${text}${id}\n`;
}

const EVENT_WORDS: Record<string, string> = {
  goOffline: 'went offline', goOnline: 'came online', powerOn: 'powered on', unlock: 'was unlocked',
  setPasscode: 'got a passcode from its user', setWorkProfilePasscode: 'got a work-profile passcode from its user',
  activateResetToken: 'had its reset token activated by its user',
};

/** `at=`, the tenant's time, only where it is not the log line's own (a test moved the tenant's clock). */
function describeDevice(d: DeviceLine, logged: number | undefined): string {
  const who = `device ${d.deviceId}${d.deviceName ? ` (${d.deviceName})` : ''}`;
  const what =
    d.activity === 'checkIn'
      ? `checked in: ${d.actions && d.actions.length > 0 ? d.actions.map((a) => `${a.action} ${a.state}`).join(', ') : 'nothing pending'}`
      : d.activity === 'restarted'
        ? 'finished restarting'
        : (EVENT_WORDS[d.event ?? ''] ?? `event ${d.event ?? ''}`);
  const at = logged !== undefined && Math.abs(Date.parse(d.at) - logged) < 1000 ? '' : ` at=${d.at}`;
  return `${who} ${what} tenant=${d.tenant}${at}`;
}
