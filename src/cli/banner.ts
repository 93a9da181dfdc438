/**
 * What the CLI prints once the mock listens (docs/simulation.md#cli-and-configuration): where each surface
 * is, and what this run is made of (tenant, fleet, ruleset, seed, data, CA), so a log starts by saying
 * which mock it is. The first line's form, `listening on <http> and <https>`, is what scripts look for.
 */
import { networkInterfaces } from 'node:os';
import type { Config } from '../config.js';
import { DEFAULT_TENANT_DOMAIN } from '../domain/tenants.js';
import type { RunningMock } from '../server.js';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

type BannerFacts = Pick<RunningMock, 'url' | 'httpsUrl' | 'proxyUrl' | 'fleet' | 'caFile' | 'caNotice' | 'controlKey' | 'controlKeyFile' | 'controlOpenBeyondLoopback'>;

export function banner(mock: BannerFacts, config: Config, version: string): string {
  // `mock.url` is one a client on this machine can reach; the banner says what was asked for (all interfaces).
  const wildcard = WILDCARDS.has(config.host);
  const shown = (url: string) => (wildcard ? url.replace(/\/\/[^/]+:(\d+)$/, `//${config.host.includes(':') ? '[::]' : '0.0.0.0'}:$1`) : url);
  const http = shown(mock.url);
  const https = shown(mock.httpsUrl);
  const row = (label: string, text: string) => `  ${`${label}:`.padEnd(9)}${text}\n`;
  const fleet = mock.fleet.file ?? 'given in code';
  const ca = config.tlsCert
    ? `your own certificate (--tls-cert ${config.tlsCert})`
    : mock.caFile
      ? `${mock.caFile} (also ${http}/_mock/ca.pem; trust it with NODE_EXTRA_CA_CERTS)`
      : `${http}/_mock/ca.pem (in memory, new at each start; trust it with NODE_EXTRA_CA_CERTS)`;
  return (
    `intune-mock ${version} listening on ${http} and ${https}\n` +
    (wildcard ? row('Reach', `on every interface: ${reachable(config.host).join(', ')}`) : '') +
    row('Graph', `${https}/v1.0/deviceManagement/managedDevices (and /beta; also on ${http})`) +
    row('Tokens', `${https}/<tenant>/oauth2/v2.0/token (auth: ${config.auth})`) +
    row('Docs', `${http}/docs (the OpenAPI document: ${http}/openapi.json; an index: ${http}/)`) +
    row('Console', `${http}/_mock/console (the fleet in a browser)`) +
    row('Control', `${http}/_mock/health`) +
    proxyRow(mock, http, shown, row) +
    controlRows(mock, config, row) +
    row('Tenant', `${DEFAULT_TENANT_DOMAIN} (the default)`) +
    row('Fleet', `${fleet} (${mock.fleet.devices} device${mock.fleet.devices === 1 ? '' : 's'})`) +
    row('Ruleset', `${config.ruleset}, $filter ${config.odata}, check-in delay ${config.checkInDelay} s`) +
    row('Seed', config.seed ?? 'none (random each run; --seed repeats a run)') +
    row('Data', config.data ? `${config.data} (db.json, tenants/)` : 'in memory') +
    row('CA', ca) +
    // A changed CA is news the user must act on (trust the new one): docs/reliability.md#a-ca-safe-to-trust
    (mock.caNotice ? row('CA note', mock.caNotice) : '')
  );
}

/**
 * The proxy (docs/proxy.md) and the two variables a client needs: the proxy, and the CA (a file: Python's
 * `SSL_CERT_FILE`, Node's `NODE_EXTRA_CA_CERTS`, curl's `--cacert`).
 */
function proxyRow(mock: BannerFacts, http: string, shown: (url: string) => string, row: (label: string, text: string) => string): string {
  if (!mock.proxyUrl) return '';
  const ca = mock.caFile ?? 'intune-mock-ca.pem';
  const fetchCa = mock.caFile ? '' : ` (save ${http}/_mock/ca.pem as intune-mock-ca.pem)`;
  return row('Proxy', `${shown(mock.proxyUrl)} answers for graph.microsoft.com, login.microsoftonline.com and the national clouds' hosts; a client needs HTTPS_PROXY=${mock.proxyUrl} and the CA: SSL_CERT_FILE=${ca} (Python) or NODE_EXTRA_CA_CERTS=${ca} (Node)${fetchCa}`);
}

/**
 * The control key, printed like a Jupyter token: whoever reads the banner (the terminal, `docker logs`) may use
 * the control API (docs/security.md#control-key). No row on loopback without a key: nothing to say.
 */
function controlRows(mock: BannerFacts, config: Config, row: (label: string, text: string) => string): string {
  const anyHost = config.allowedHosts?.split(',').some((n) => n.trim() === '*') ? row('WARNING', '--allowed-hosts *: any Host name is answered, so a web page can reach the mock by DNS rebinding') : '';
  return anyHost + keyRows(mock, config, row);
}

function keyRows(mock: BannerFacts, config: Config, row: (label: string, text: string) => string): string {
  if (mock.controlOpenBeyondLoopback) {
    return row('WARNING', `--control-auth off on ${config.host}: anyone who reaches this mock can mint tokens for any tenant, read its secrets and reset it`);
  }
  if (mock.controlKey === undefined) return '';
  // A key the user set is not printed: they have it, and logs are read by more people than the environment.
  if (config.controlKey) return row('Key', 'the value of INTUNE_MOCK_CONTROL_KEY (send it as x-mock-control-key to /_mock)');
  const where = mock.controlKeyFile ? `kept in ${mock.controlKeyFile}` : 'new at each start without --data';
  return row('Key', `${mock.controlKey} (send it as x-mock-control-key to /_mock; ${where})`);
}

/** The machine's addresses a wildcard listener answers on (IPv4 for `0.0.0.0`, every family for `::`). */
function reachable(host: string): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return all.filter((a) => host.includes(':') || a.family === 'IPv4').map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address));
}
