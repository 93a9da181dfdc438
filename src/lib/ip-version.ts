import { isIPv4, isIPv6 } from 'node:net';

/**
 * 4 or 6 for an IP address, 0 for anything else: Node's `isIP`, without its cost to a start. `isIP` tries
 * IPv6 for every name that is not IPv4, and V8 compiles Node's IPv6 pattern on its first use (12–45 ms
 * here, on every start: the CA's and the allowed hosts' names are checked); a host name has no `:`, and the
 * one IPv6 name every start checks, the loopback `::1`, is known without it.
 */
export const ipVersion = (name: string): 0 | 4 | 6 => (isIPv4(name) ? 4 : name === '::1' ? 6 : name.includes(':') && isIPv6(name) ? 6 : 0);
