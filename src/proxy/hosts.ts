/**
 * The hosts the proxy answers for (docs/proxy.md): Microsoft Graph and Entra ID of the global service and of the
 * national clouds (identity/name-constraints.ts MICROSOFT_HOSTS), and the `--proxy-hosts` names.
 */
import { MICROSOFT_HOSTS } from '../identity/name-constraints.js';
import { hostNameList } from '../lib/host-allow-list.js';

/** Lower case, without a trailing dot, no duplicates; empty when the proxy is off (`proxyPort` undefined). */
export function proxyHostsOf(config: { proxyPort?: number | undefined; proxyHosts?: string | undefined }): string[] {
  if (config.proxyPort === undefined) return [];
  return [...new Set([...MICROSOFT_HOSTS, ...hostNameList(config.proxyHosts)])];
}
