/**
 * The `Host` names the mock answers, against DNS rebinding: a page on `evil.example` whose name is made to
 * resolve to 127.0.0.1 reaches the mock with `Host: evil.example`, and would otherwise read its answers and
 * have that name reflected into `@odata.nextLink` and the OIDC metadata (docs/security.md#host-allow-list).
 * After Vite's `server.allowedHosts` (https://vite.dev/config/server-options#server-allowedhosts): loopback
 * names, IP literals (a rebinding attack needs a name), the names the certificate is for, the machine's own name
 * (in Docker, the container id), and the names configured with `--allowed-hosts` (`*` any).
 */
import { ipVersion } from './ip-version.js';

export interface HostAllowList {
  /** Whether a `Host` header (port and all) names a host the mock answers; a request without one passes. */
  allows(hostHeader: string | undefined): boolean;
  /** `--allowed-hosts *`: every name is allowed. */
  readonly any: boolean;
}

/** `example.test:8080` → `example.test`; `[::1]:8080` → `::1`; lower case, without a trailing dot. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined) : h.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** A comma-separated list of host names (`--tls-hosts`, `--allowed-hosts`, `--proxy-hosts`): lower case, no trailing dot, no blanks. */
export const hostNameList = (list: string | undefined): string[] => (list ?? '').split(',').map((n) => n.trim().toLowerCase().replace(/\.$/, '')).filter((n) => n !== '');

export function hostAllowList(o: { host: string; tlsHosts?: string | undefined; allowedHosts?: string | undefined; machineName: string }): HostAllowList {
  const configured = hostNameList(o.allowedHosts);
  const any = configured.includes('*');
  const exact = new Set(['localhost', o.host.toLowerCase(), o.machineName.toLowerCase(), ...hostNameList(o.tlsHosts), ...configured.filter((n) => !n.startsWith('*.'))]);
  // `*.example.test` allows example.test's subdomains only: list `example.test` too for the name itself.
  const suffixes = ['.localhost', ...configured.filter((n) => n.startsWith('*.')).map((n) => n.slice(1))];
  // The last header allowed: a client sends the same `Host` on every request, and parsing it (case, port, IP
  // literal) was about 2 µs of a single GET (issue 17); comparing it with the last one is a plain compare.
  let lastAllowed: string | undefined;
  return {
    any,
    allows(hostHeader) {
      if (any || hostHeader === undefined || hostHeader === '' || hostHeader === lastAllowed) return true;
      const name = hostName(hostHeader);
      const allowed = ipVersion(name) !== 0 || exact.has(name) || suffixes.some((s) => name.endsWith(s) && name.length > s.length);
      if (allowed) lastAllowed = hostHeader;
      return allowed;
    },
  };
}
