/**
 * The names the mock's CA may vouch for (docs/reliability.md#a-ca-safe-to-trust): a critical
 * nameConstraints extension (RFC 5280 4.2.1.10, https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10)
 * whose permitted subtrees are loopback, `--host` and the `--tls-hosts` names, and Microsoft's hosts only while the
 * proxy mode serves them (MICROSOFT_HOSTS, docs/proxy.md). A verifier that applies the constraints (OpenSSL, hence Node, curl and Python) rejects
 * any certificate this CA signs for another name, so a stolen `ca-key.pem` cannot impersonate, say, a bank.
 *
 * node-forge cannot encode the extension: it is built here with forge.asn1 (forge is passed in: it is loaded only
 * when a certificate is made). A kept CA's extension is read from its DER (`X509Certificate.raw`) here too: a
 * start that finds its CA in place loads no forge at all.
 */
import type forge from 'node-forge';
import { ipVersion } from '../lib/ip-version.js';

/**
 * The hosts the proxy mode serves (docs/proxy.md): Microsoft Graph and Entra ID of the global service and of the
 * national clouds (https://learn.microsoft.com/graph/deployments). NOT in the CA while the proxy is off: a
 * stolen `ca-key.pem` could otherwise impersonate Entra sign-in to every client that trusts the CA, for
 * nothing. `--proxy-port` adds them, by the same widening as a new `--tls-hosts` name
 * (docs/reliability.md#a-ca-safe-to-trust). A DNS subtree also covers its subdomains (RFC 5280).
 */
export const MICROSOFT_HOSTS: readonly string[] = Object.freeze([
  'graph.microsoft.com', // global service, v1.0 and beta
  'login.microsoftonline.com', // Entra ID, global
  'graph.microsoft.us', // US Government L4 (GCC High)
  'dod-graph.microsoft.us', // US Government L5 (DoD)
  'login.microsoftonline.us', // Entra ID, US Government
  'microsoftgraph.chinacloudapi.cn', // operated by 21Vianet
  'login.chinacloudapi.cn', // Entra ID, 21Vianet
]);

/** Loopback: `localhost` and its subdomains, 127.0.0.0/8 and ::1. */
const LOOPBACK: readonly Subtree[] = [
  { dns: 'localhost' },
  { ip: [127, 0, 0, 0], mask: [255, 0, 0, 0] },
  { ip: [...Array(15).fill(0), 1], mask: Array(16).fill(255) },
];

/** A permitted subtree: a DNS name (and its subdomains) or an IP network. */
export type Subtree = { dns: string } | { ip: number[]; mask: number[] };

const NAME_CONSTRAINTS_OID = '2.5.29.30';
/** 2.5.29.30 in DER (RFC 5280 4.2.1.10): 55 1d 1e. */
const NAME_CONSTRAINTS_OID_DER = '551d1e';

/** The subtrees a new CA permits: loopback and `names` (host names and addresses), plus the `kept` ones. */
export function subtreesFor(names: readonly string[], kept: readonly Subtree[] = []): Subtree[] {
  const out = [...LOOPBACK];
  for (const s of kept) if (!out.some((o) => same(o, s))) out.push(s);
  for (const name of names) {
    if (permits(out, name)) continue;
    const bytes = ipBytes(name);
    out.push(bytes ? { ip: bytes, mask: bytes.map(() => 255) } : { dns: name.toLowerCase() });
  }
  return out;
}

/** The extension for forge's `setExtensions` (critical, as RFC 5280 requires of a CA that sets it). */
export function nameConstraintsExtension(asn1: typeof forge.asn1, subtrees: readonly Subtree[]): { id: string; critical: true; value: forge.asn1.Asn1 } {
  const general = (s: Subtree) =>
    'dns' in s
      ? asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, s.dns) // dNSName [2] IA5String
      : asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, String.fromCharCode(...s.ip, ...s.mask)); // iPAddress [7]: address then mask
  const permitted = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, subtrees.map((s) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [general(s)])));
  return { id: NAME_CONSTRAINTS_OID, critical: true, value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [permitted]) };
}

/**
 * The CA's permitted subtrees, from its DER (`new X509Certificate(pem).raw`); undefined when it has no (readable)
 * name constraints: a CA made by a version before constraints, which can vouch for any name. Excluded subtrees
 * are never written by the mock; a CA with some is not one of ours and is treated as unconstrained.
 */
export function permittedSubtrees(der: Uint8Array): Subtree[] | undefined {
  try {
    const tbs = children(der, read(der, 0))[0]!; // Certificate ::= SEQUENCE { tbsCertificate, … }
    const extensions = children(der, tbs).find((e) => e.tag === 0xa3); // [3] EXPLICIT Extensions
    if (!extensions) return undefined;
    for (const ext of children(der, children(der, extensions)[0]!)) {
      const [oid, ...rest] = children(der, ext); // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }
      if (oid?.tag !== 0x06 || hex(der, oid) !== NAME_CONSTRAINTS_OID_DER) continue;
      const critical = rest.length === 2 && rest[0]!.tag === 0x01 && der[rest[0]!.start] !== 0;
      const value = rest[rest.length - 1]!;
      if (!critical || value.tag !== 0x04) return undefined;
      const trees = children(der, read(der, value.start)); // NameConstraints ::= SEQUENCE { permittedSubtrees [0], excludedSubtrees [1] }
      if (trees.length !== 1 || trees[0]!.tag !== 0xa0) return undefined;
      const out: Subtree[] = [];
      for (const subtree of children(der, trees[0]!)) {
        const parts = children(der, subtree);
        if (parts.length !== 1) return undefined; // minimum/maximum: not ours
        const base = parts[0]!;
        const bytes = [...der.subarray(base.start, base.end)];
        if (base.tag === 0x82) out.push({ dns: String.fromCharCode(...bytes).toLowerCase() }); // dNSName [2]
        else if (base.tag === 0x87 && (bytes.length === 8 || bytes.length === 32)) out.push({ ip: bytes.slice(0, bytes.length / 2), mask: bytes.slice(bytes.length / 2) }); // iPAddress [7]
        else return undefined;
      }
      return out;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** A DER element: its tag, and where its content starts and ends. */
interface Element {
  tag: number;
  start: number;
  end: number;
}

function read(der: Uint8Array, at: number): Element {
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[start + i]!;
    start += n;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

function children(der: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.start; at < parent.end; at = out[out.length - 1]!.end) out.push(read(der, at));
  return out;
}

const hex = (der: Uint8Array, e: Element): string => Buffer.from(der.subarray(e.start, e.end)).toString('hex');

/** Whether a certificate for `name` (a host name or an IP address) is within the subtrees. */
export function permits(subtrees: readonly Subtree[], name: string): boolean {
  const bytes = ipBytes(name);
  if (bytes) return subtrees.some((s) => 'ip' in s && s.ip.length === bytes.length && bytes.every((b, i) => (b & s.mask[i]!) === (s.ip[i]! & s.mask[i]!)));
  const host = name.toLowerCase();
  return subtrees.some((s) => 'dns' in s && (host === s.dns || host.endsWith(`.${s.dns}`)));
}

/** The names a subtree list permits, for messages: `localhost`, `127.0.0.0/8`, `::1/128`, … */
export function describe(subtrees: readonly Subtree[]): string[] {
  return subtrees.map((s) => {
    if ('dns' in s) return s.dns;
    const prefix = s.mask.reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
    const address = s.ip.length === 4 ? s.ip.join('.') : ipv6(s.ip);
    return `${address}/${prefix}`;
  });
}

function same(a: Subtree, b: Subtree): boolean {
  if ('dns' in a || 'dns' in b) return 'dns' in a && 'dns' in b && a.dns === b.dns;
  return a.ip.join() === b.ip.join() && a.mask.join() === b.mask.join();
}

/** The address's bytes (4 or 16); undefined for a host name. */
function ipBytes(name: string): number[] | undefined {
  const v = ipVersion(name);
  if (v === 4) return name.split('.').map(Number);
  if (v !== 6) return undefined;
  // The URL parser writes any IPv6 form (embedded IPv4 included) as hex groups with at most one `::`.
  const [head = '', tail] = new URL(`http://[${name}]/`).hostname.slice(1, -1).split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

function ipv6(bytes: number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
