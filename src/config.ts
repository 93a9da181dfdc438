/**
 * The one validated, frozen configuration object: defaults < environment (`INTUNE_MOCK_*`) < flags.
 * `OPTIONS` is the single list of settings: it drives flag parsing, environment variables, `--help` and
 * the README's configuration table (a test checks the README against it).
 */
import { Type, type Static } from '@sinclair/typebox';
import { parseArgs } from 'node:util';
import { compileValidator, type Problem } from './lib/ajv.js';
import { config as compiledConfig } from './lib/compiled-validators.js';
import { RULESET_NAMES } from './domain/rules/types.js';
import { ODATA_DIALECTS } from './graph/odata/intune-quirks.js';
import { AUTH_MODES } from './identity/auth-mode.js';
import { CONTROL_AUTH_MODES, CONTROL_KEY_ENV } from './control/control-key.js';
import { THROTTLING_MODES } from './throttling/schemas.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** `text`: one readable line per request and device event; `json`: Fastify's (pino's) JSON lines (docs/simulation.md#logs). */
export const LOG_FORMATS = ['text', 'json'] as const;

export const ConfigSchema = Type.Object({
  httpPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  httpsPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  fixtures: Type.Optional(Type.String({ minLength: 1 })),
  data: Type.Optional(Type.String({ minLength: 1 })),
  caDir: Type.Optional(Type.String({ minLength: 1 })),
  /** The validated seed cache (docs/scaling.md#the-seed-cache). */
  seedCache: Type.Optional(Type.Unsafe<'on' | 'off'>({ type: 'string', enum: ['on', 'off'] })),
  logLevel: Type.Unsafe<(typeof LOG_LEVELS)[number]>({ type: 'string', enum: [...LOG_LEVELS] }),
  logFormat: Type.Unsafe<(typeof LOG_FORMATS)[number]>({ type: 'string', enum: [...LOG_FORMATS] }),
  auth: Type.Unsafe<(typeof AUTH_MODES)[number]>({ type: 'string', enum: [...AUTH_MODES] }),
  tlsCert: Type.Optional(Type.String({ minLength: 1 })),
  tlsKey: Type.Optional(Type.String({ minLength: 1 })),
  tlsHosts: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.:_-]+(,[A-Za-z0-9.:_-]+)*$' })),
  /** The HTTPS proxy (docs/proxy.md): off unless given. */
  proxyPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  /** Host names the proxy answers for besides Microsoft's (src/identity/name-constraints.ts MICROSOFT_HOSTS). */
  proxyHosts: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$' })),
  ruleset: Type.Unsafe<(typeof RULESET_NAMES)[number]>({ type: 'string', enum: [...RULESET_NAMES] }),
  checkInDelay: Type.Number({ minimum: 0, maximum: 86_400 }),
  maxAudits: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  maxTenants: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  journalSize: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  journalBodyLimit: Type.Integer({ minimum: 256, maximum: 4 * 1024 * 1024 }),
  // V8 cannot hold a string much longer than 512 MiB: a larger body could not be read anyway.
  maxFixtureBytes: Type.Integer({ minimum: 1024, maximum: 480 * 1024 * 1024 }),
  odata: Type.Unsafe<(typeof ODATA_DIALECTS)[number]>({ type: 'string', enum: [...ODATA_DIALECTS] }),
  seed: Type.Optional(Type.String({ minLength: 1 })),
  throttling: Type.Unsafe<(typeof THROTTLING_MODES)[number]>({ type: 'string', enum: [...THROTTLING_MODES] }),
  controlAuth: Type.Unsafe<(typeof CONTROL_AUTH_MODES)[number]>({ type: 'string', enum: [...CONTROL_AUTH_MODES] }),
  /** `*`, or host names (`*.example.test` for a domain's subdomains), comma-separated. */
  allowedHosts: Type.Optional(Type.String({ pattern: '^(\\*|(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?(,(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?)*)$' })),
  /** From `INTUNE_MOCK_CONTROL_KEY` (or given in code): long enough not to be guessed over the network. */
  controlKey: Type.Optional(Type.String({ minLength: 16, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' })),
}, { additionalProperties: false });
export type Config = Readonly<Static<typeof ConfigSchema>>;

interface OptionSpec {
  key: keyof Config;
  flag: string;
  type: 'string' | 'integer' | 'number';
  default?: string | number;
  arg: string;
  description: string;
}

export const OPTIONS: readonly OptionSpec[] = [
  { key: 'httpPort', flag: 'http-port', type: 'integer', default: 8080, arg: '<port>', description: 'HTTP port (0 picks a free one)' },
  { key: 'httpsPort', flag: 'https-port', type: 'integer', default: 8443, arg: '<port>', description: 'HTTPS port, same app and state (0 picks a free one)' },
  { key: 'host', flag: 'host', type: 'string', default: '127.0.0.1', arg: '<address>', description: 'address to listen on (0.0.0.0 for all interfaces)' },
  { key: 'fixtures', flag: 'fixtures', type: 'string', arg: '<file>', description: 'seed fixture for new tenants (default: the bundled fixtures/default.json)' },
  { key: 'data', flag: 'data', type: 'string', arg: '<dir>', description: 'persist state to <dir> (db.json and a file per tenant in tenants/; default: memory only)' },
  { key: 'caDir', flag: 'ca-dir', type: 'string', arg: '<dir>', description: 'where the HTTPS CA and token signing key are kept without --data (default: the user cache directory)' },
  { key: 'seedCache', flag: 'seed-cache', type: 'string', arg: '<mode>', description: 'on (default: keep a validated copy of a --fixtures file of 4 MiB or more in <data>/seeds or <ca-dir>/seeds, so that later starts with the same file skip reading and validating it; docs/scaling.md#the-seed-cache) | off' },
  { key: 'auth', flag: 'auth', type: 'string', default: 'strict', arg: '<mode>', description: 'strict (mock-signed tokens) | claims (any JWT, claims checked) | off (no token)' },
  { key: 'tlsCert', flag: 'tls-cert', type: 'string', arg: '<file>', description: 'your own PEM certificate for HTTPS (with --tls-key) instead of the mock\'s CA' },
  { key: 'tlsKey', flag: 'tls-key', type: 'string', arg: '<file>', description: 'the PEM private key of --tls-cert' },
  { key: 'tlsHosts', flag: 'tls-hosts', type: 'string', arg: '<names>', description: 'more host names for the mock\'s certificate, comma-separated (e.g. the compose service name)' },
  { key: 'proxyPort', flag: 'proxy-port', type: 'integer', arg: '<port>', description: 'also be an HTTPS proxy on this port that answers for graph.microsoft.com and login.microsoftonline.com (and the national clouds\' hosts), for clients that cannot change their URL; never forwards anywhere (docs/proxy.md; 0 picks a free one; default: off)' },
  { key: 'proxyHosts', flag: 'proxy-hosts', type: 'string', arg: '<names>', description: 'more host names the proxy answers for, comma-separated (the mock\'s CA then vouches for them too)' },
  { key: 'logLevel', flag: 'log-level', type: 'string', default: 'info', arg: '<level>', description: `${LOG_LEVELS.join(' | ')}: info logs one line per request and device event, debug adds detail` },
  { key: 'logFormat', flag: 'log-format', type: 'string', default: 'text', arg: '<format>', description: 'text (readable lines) | json (one JSON object a line, for machines)' },
  { key: 'ruleset', flag: 'ruleset', type: 'string', default: '2018', arg: '<year>', description: 'the remote actions\' platform rules: 2018 (the seed page, and each action page\'s earliest version) | 2025 (current Intune pages)' },
  { key: 'odata', flag: 'odata', type: 'string', default: 'strict', arg: '<dialect>', description: 'how $filter behaves on managedDevices: strict (as OData says; a warning where Intune differs) | intune (real Intune\'s quirks)' },
  { key: 'throttling', flag: 'throttling', type: 'string', default: 'intune', arg: '<mode>', description: 'intune (Intune\'s limits per app and per tenant, 429 with Retry-After; early retries answered 429 and reported) | off (for load tests)' },
  { key: 'checkInDelay', flag: 'check-in-delay', type: 'number', default: 2, arg: '<seconds>', description: 'how long after an action a device checks in, unless its simulation says otherwise' },
  { key: 'maxAudits', flag: 'max-audits', type: 'integer', default: 10_000, arg: '<n>', description: 'remote action audits a tenant keeps, the newest; older ones are dropped (and counted)' },
  { key: 'controlAuth', flag: 'control-auth', type: 'string', default: 'auto', arg: '<mode>', description: `who may use /_mock: auto (the control key beyond loopback) | key (always the key) | off (anyone; a warning beyond loopback). The key: ${CONTROL_KEY_ENV}, else generated` },
  { key: 'allowedHosts', flag: 'allowed-hosts', type: 'string', arg: '<names>', description: 'more Host names the mock answers, comma-separated (* any; besides localhost, IP addresses, --tls-hosts and this machine\'s name)' },
  { key: 'maxTenants', flag: 'max-tenants', type: 'integer', default: 1_000, arg: '<n>', description: 'tenants held in memory; past it the least recently used one that can go without loss is set aside (with --data: loaded again from its file), else a new tenant is refused with 503' },
  { key: 'journalSize', flag: 'journal-size', type: 'integer', default: 1000, arg: '<n>', description: 'requests a tenant\'s journal keeps (and the unauthenticated journal), the newest; older ones are dropped (and counted)' },
  { key: 'journalBodyLimit', flag: 'journal-body-limit', type: 'integer', default: 65_536, arg: '<bytes>', description: 'characters of a journaled body\'s JSON, and of its path and query string, kept; beyond, cut and marked' },
  { key: 'maxFixtureBytes', flag: 'max-fixture-bytes', type: 'integer', default: 384 * 1024 * 1024, arg: '<bytes>', description: 'the largest body PUT /_mock/fixtures takes, in bytes (384 MiB: a 100,000-device export is about 340 MB); larger is 413' },
  { key: 'seed', flag: 'seed', type: 'string', arg: '<seed>', description: 'seed for generated passcodes and devices: the same seed repeats a run' },
];

export const envName = (o: OptionSpec): string => `INTUNE_MOCK_${o.flag.toUpperCase().replace(/-/g, '_')}`;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

// Compiled at build time (lib/compiled-validators.ts): every start and CLI command validates its configuration.
const validate = compileValidator(ConfigSchema, compiledConfig);

/**
 * Builds the config from flags (`argv`, without the subcommand), the environment and the defaults.
 * Throws `ConfigError` naming every bad or unknown flag and every value out of range.
 */
export function loadConfig(argv: readonly string[] = [], env: NodeJS.ProcessEnv = {}, overrides: Partial<Config> = {}): Config {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...argv],
      options: Object.fromEntries(OPTIONS.map((o) => [o.flag, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const o of OPTIONS) {
    const fromFlag = flags[o.flag];
    const fromEnv = env[envName(o)];
    const [value, source] =
      typeof fromFlag === 'string' ? [fromFlag, `--${o.flag}`] : fromEnv !== undefined && fromEnv !== '' ? [fromEnv, envName(o)] : [o.default, 'default'];
    if (value === undefined) continue;
    if (o.type !== 'string' && typeof value === 'string') {
      const pattern = o.type === 'integer' ? /^\d+$/ : /^\d+(\.\d+)?$/;
      if (!pattern.test(value.trim())) {
        problems.push(`${source}: '${value}' is not a ${o.type === 'integer' ? 'whole number' : 'non-negative number'}`);
        continue;
      }
      raw[o.key] = Number(value);
    } else raw[o.key] = value;
  }
  // The control key comes from the environment only: a flag would show in `ps` (docs/security.md#control-key).
  const key = env[CONTROL_KEY_ENV];
  if (key !== undefined && key !== '') raw.controlKey = key;
  Object.assign(raw, overrides);
  if (problems.length === 0 && !validate(raw)) problems.push(...validate.problems(raw).map(describe));
  if ((raw.tlsCert === undefined) !== (raw.tlsKey === undefined)) problems.push('--tls-cert and --tls-key go together: give both or neither');
  // The proxy issues certificates for the hosts it answers for with the mock's own CA (docs/proxy.md).
  if (raw.proxyPort !== undefined && raw.tlsCert !== undefined) problems.push('--proxy-port needs the mock\'s own CA to issue certificates for the hosts it answers for: it cannot be used with --tls-cert');
  if (raw.proxyHosts !== undefined && raw.proxyPort === undefined) problems.push('--proxy-hosts names hosts for the proxy: give --proxy-port too');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(raw as Config);
}

function describe(p: Problem): string {
  const key = p.path.replace(/^\$\.?/, '');
  if (key === 'controlKey') return `${CONTROL_KEY_ENV}: ${p.message} (at least 16 printable characters, no spaces)`;
  const option = OPTIONS.find((o) => o.key === key);
  return option ? `--${option.flag} (${envName(option)}): ${p.message}` : `${key || 'config'}: ${p.message}`;
}

/** The options part of `--help`: the descriptions start in one column, two spaces after the longest flag. */
export function optionsHelp(): string {
  const lefts = OPTIONS.map((o) => `  --${o.flag} ${o.arg}`);
  const width = Math.max(...lefts.map((l) => l.length)) + 2;
  return OPTIONS.map((o, i) => {
    const def = o.default === undefined ? '' : ` (default ${o.default})`;
    return `${lefts[i]!.padEnd(width)}${o.description}${def}\n${' '.repeat(width)}env ${envName(o)}`;
  }).join('\n');
}
