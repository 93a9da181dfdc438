/**
 * The mock's key material: the RS256 key that signs its tokens, and the CA and server certificate of its
 * HTTPS listener (docs/simulation.md#transport). Generated on first start and kept in the key directory
 * (key-files.ts: `<data>/keys/`, or `--ca-dir`, the CLI's default being the per-user cache directory), so
 * the CA clients trust and the tokens they hold survive restarts. The signing key is kept with the CA:
 * a new key at each restart would make every cached token fail with 401 until the client fetches another.
 *
 * Keys come from Node's crypto, and kept certificates are read and checked with it (`X509Certificate`);
 * node-forge only assembles and signs new certificates (no OpenSSL binary needed, which slim Docker images may
 * not have, and no global polyfills), and is loaded only then: most starts find everything in place.
 */
import type forge from 'node-forge';
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ipVersion } from '../lib/ip-version.js';
import { join } from 'node:path';
import { damaged, prepare, readKeyFile, readOrPublish, replaceFile, replaceQuietly, withCaLock, type KeyDir } from './key-files.js';
import { describe, nameConstraintsExtension, permits, permittedSubtrees, subtreesFor, type Subtree } from './name-constraints.js';

export { KeyMaterialError, keyDirOf, type KeyDir } from './key-files.js';

export interface TlsMaterial {
  /** The CA to trust; empty when the user brought their own certificate (`--tls-cert`). */
  caPem: string;
  certPem: string;
  keyPem: string;
  /** Set when this start made a change to a kept CA that the user must act on (trust the new one). */
  notice?: string;
  /**
   * A certificate for `host` (a name the CA permits), signed by the mock's CA, for `keyPem`'s key: the proxy's
   * leaf certificates (docs/proxy.md). Undefined with the user's own certificate (no CA key to sign with).
   */
  issueLeaf?: (host: string) => Promise<string>;
}

export interface SigningKey {
  signingKey: KeyObject;
  publicKey: KeyObject;
}

export interface TlsOptions {
  /** Where the CA is kept (undefined: made for this process only). */
  keyDir?: KeyDir | undefined;
  /** Host names and addresses the server certificate must name besides localhost, 127.0.0.1 and ::1. */
  hostNames: readonly string[];
  /** Names the CA must also permit, not in the server certificate: the proxy's hosts (docs/proxy.md). */
  caOnlyNames?: readonly string[] | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

const SIGNING_KEY = 'token-signing-key.pem';
const SERVER = 'server-tls.json';
const CA = 'ca.pem';
const CA_KEY = 'ca-key.pem';
/** A kept server certificate closer than this to its end is re-issued. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

/** The key that signs the mock's tokens (kept with the CA, so tokens stay valid across restarts). */
export async function loadSigningKey(dir?: KeyDir): Promise<SigningKey> {
  if (dir) await prepare(dir);
  const pem = dir ? await readOrPublish(dir, SIGNING_KEY, rsaKeyPem) : await rsaKeyPem();
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(pem);
  } catch {
    throw damaged(dir!, SIGNING_KEY, 'a PEM private key');
  }
  return { signingKey, publicKey: createPublicKey(signingKey) };
}

/** The HTTPS listener's certificate: the user's own (`--tls-cert`/`--tls-key`), or one from the mock's CA. */
export async function loadTls(opts: TlsOptions): Promise<TlsMaterial> {
  if (opts.tlsCert && opts.tlsKey) {
    const [certPem, keyPem] = await Promise.all([readFile(opts.tlsCert, 'utf8'), readFile(opts.tlsKey, 'utf8')]);
    return { caPem: '', certPem, keyPem };
  }
  const names = sanNames(opts.hostNames);
  const caNames = [...names, ...(opts.caOnlyNames ?? []).map((n) => n.toLowerCase()).filter((n) => !names.includes(n))];
  return ourTls(opts.keyDir, names, caNames);
}

/** localhost, 127.0.0.1, ::1 and the configured hosts (a wildcard listen address names nothing). */
export function sanNames(hostNames: readonly string[]): string[] {
  const out = new Set(['localhost', '127.0.0.1', '::1']);
  for (const h of hostNames) if (h && h !== '0.0.0.0' && h !== '::') out.add(h.replace(/^\[|\]$/g, '').toLowerCase());
  return [...out];
}

type Forge = typeof forge;
/** node-forge, loaded when a certificate is to be made (its load alone costs a start tens of milliseconds). */
const loadForge = async (): Promise<Forge> => (await import('node-forge')).default;

/** `names`: the server certificate's; `caNames`: what the CA must permit (those and the proxy's hosts). */
async function ourTls(dir: KeyDir | undefined, names: string[], caNames: string[]): Promise<TlsMaterial> {
  // The proxy's leaf certificates use the server certificate's key: one key, no RSA key made per host.
  const leaf = (caPem: string, caKeyPem: string, keyPem: string) => async (host: string) => makeServerCert(await loadForge(), caPem, caKeyPem, keyPem, [host]);
  if (!dir) {
    const [forge, caKeyPem, keyPem] = await Promise.all([loadForge(), rsaKeyPem(), rsaKeyPem()]);
    const caPem = makeCa(forge, caKeyPem, subtreesFor(caNames));
    return { caPem, certPem: makeServerCert(forge, caPem, caKeyPem, keyPem, names), keyPem, issueLeaf: leaf(caPem, caKeyPem, keyPem) };
  }
  await prepare(dir);
  // Most starts find a CA that fits and change nothing; the others make or change it under the lock.
  let found = await readCa(dir);
  let notice: string | undefined;
  if (!fits(found, caNames)) ({ ca: found, notice } = await withCaLock(dir, () => settleCa(dir, caNames)));
  const { ca, caPem, caKeyPem } = found as KeptCa;

  // The server certificate is re-issued when the host names change (or it nears its end); the CA is kept.
  const kept = parseServer(await readKeyFile(dir, SERVER));
  if (kept && kept.names.join('\n') === names.join('\n') && issuedBy(ca, kept.certPem)) {
    return { caPem, certPem: kept.certPem, keyPem: kept.keyPem, ...(notice ? { notice } : {}), issueLeaf: leaf(caPem, caKeyPem, kept.keyPem) };
  }
  const [forge, keyPem] = await Promise.all([loadForge(), rsaKeyPem()]);
  const certPem = makeServerCert(forge, caPem, caKeyPem, keyPem, names);
  await replaceQuietly(dir, SERVER, JSON.stringify({ names, certPem, keyPem }));
  return { caPem, certPem, keyPem, ...(notice ? { notice } : {}), issueLeaf: leaf(caPem, caKeyPem, keyPem) };
}

interface KeptCa {
  ca: X509Certificate;
  caPem: string;
  caKeyPem: string;
  /** Its permitted subtrees; undefined: none (a CA made before name constraints). */
  subtrees: Subtree[] | undefined;
}

/** The kept CA; undefined if a file is missing; 'mismatch' if the certificate is not the key's (a change under way, or damage). */
async function readCa(dir: KeyDir): Promise<KeptCa | 'mismatch' | undefined> {
  const [caKeyPem, caPem] = [await readKeyFile(dir, CA_KEY), await readKeyFile(dir, CA)];
  // A damaged file stops the start even when its partner is missing: it is never silently overwritten.
  let caKey: KeyObject | undefined;
  try {
    caKey = caKeyPem === undefined ? undefined : createPrivateKey(caKeyPem);
    if (caKey && caKey.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw damaged(dir, CA_KEY, 'a PEM RSA private key');
  }
  let ca: X509Certificate | undefined;
  try {
    ca = caPem === undefined ? undefined : new X509Certificate(caPem);
  } catch {
    throw damaged(dir, CA, 'a PEM certificate');
  }
  if (caKey === undefined || ca === undefined || caKeyPem === undefined || caPem === undefined) return undefined;
  if (!ca.checkPrivateKey(caKey)) return 'mismatch';
  return { ca, caPem, caKeyPem, subtrees: permittedSubtrees(ca.raw) };
}

const fits = (kept: KeptCa | 'mismatch' | undefined, names: readonly string[]): boolean =>
  typeof kept === 'object' && kept.subtrees !== undefined && names.every((n) => permits(kept.subtrees!, n));

/**
 * Under the lock: the CA as it is now if it fits; else a new one (none yet, or one without name
 * constraints: its key could sign for any host, so key and certificate are both replaced); else the same
 * key with a certificate whose constraints also permit the new names. Each change is said (the banner and
 * the log), as clients must trust the new ca.pem. docs/reliability.md#a-ca-safe-to-trust
 */
async function settleCa(dir: KeyDir, names: string[]): Promise<{ ca: KeptCa; notice?: string }> {
  const now = await readCa(dir);
  if (fits(now, names)) return { ca: now as KeptCa };
  const file = join(dir.path, CA);
  let caKeyPem: string;
  let subtrees: Subtree[];
  let notice: string | undefined;
  if (now === 'mismatch') {
    // Under the lock, key and certificate disagree only when a change was cut short (killed between writing
    // ca-key.pem and ca.pem, the order settleCa writes them): the key is the change's, so the certificate is
    // issued again for it, permitting what the old one did too. Both files parsed in readCa.
    caKeyPem = (await readKeyFile(dir, CA_KEY))!;
    const old = new X509Certificate((await readKeyFile(dir, CA))!);
    subtrees = subtreesFor(names, permittedSubtrees(old.raw) ?? []);
    notice = `the ca.pem in ${dir.path} was not ca-key.pem's (a CA change cut short, by a kill say): issued again for the kept key. Trust this new ca.pem; the one trusted before no longer matches the key`;
  } else if (now && now.subtrees) {
    caKeyPem = now.caKeyPem;
    subtrees = subtreesFor(names, now.subtrees);
    const added = describe(subtrees).filter((d) => !describe(now.subtrees!).includes(d));
    notice = `the CA in ${file} now also vouches for ${added.join(', ')} (asked for by --host/--tls-hosts, or the proxy's hosts with --proxy-port): trust this new ca.pem for those names (the one trusted before still works for the others)`;
  } else {
    caKeyPem = await rsaKeyPem();
    subtrees = subtreesFor(names);
    if (now) {
      notice =
        `replaced the CA in ${file}: the one there (serial ${now.ca.serialNumber.toLowerCase()}, made by an older intune-mock) had no name constraints, so its key could vouch for any host. ` +
        `Remove it from the stores that trust it and trust the new ca.pem, which vouches only for loopback, the --host/--tls-hosts names and, with --proxy-port, the proxy's hosts`;
    }
    await replaceFile(dir, CA_KEY, caKeyPem);
  }
  const caPem = makeCa(await loadForge(), caKeyPem, subtrees);
  await replaceFile(dir, CA, caPem);
  const ca = new X509Certificate(caPem);
  return { ca: { ca, caPem, caKeyPem, subtrees }, ...(notice ? { notice } : {}) };
}

function parseServer(text: string | undefined): { names: string[]; certPem: string; keyPem: string } | undefined {
  try {
    const v = JSON.parse(text ?? '') as { names?: unknown; certPem?: unknown; keyPem?: unknown };
    if (Array.isArray(v.names) && typeof v.certPem === 'string' && typeof v.keyPem === 'string') return { names: v.names.map(String), certPem: v.certPem, keyPem: v.keyPem };
  } catch {
    // not there, or damaged: made again
  }
  return undefined;
}

/** Signed by this CA and valid for a while yet (a leftover from another CA, or a damaged one, is not used). */
function issuedBy(ca: X509Certificate, certPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey) && Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

// Certificate validity reads the real clock, not the mock's: TLS clients check it against real time.
function makeCa(forge: Forge, caKeyPem: string, subtrees: readonly Subtree[]): string {
  const key = forge.pki.privateKeyFromPem(caKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const name = [{ name: 'commonName', value: 'intune-mock local CA' }, { name: 'organizationName', value: 'intune-mock' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    nameConstraintsExtension(forge.asn1, subtrees),
  ]);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function makeServerCert(forge: Forge, caPem: string, caKeyPem: string, keyPem: string, names: readonly string[]): string {
  const ca = forge.pki.certificateFromPem(caPem);
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 825 * 86_400_000); // Apple's limit for TLS server certificates
  cert.setSubject([{ name: 'commonName', value: 'intune-mock' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (ipVersion(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function rsaKeyPem(): Promise<string> {
  // forge reads PKCS#1 ("RSA PRIVATE KEY") PEM.
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048, privateKeyEncoding: { format: 'pem', type: 'pkcs1' }, publicKeyEncoding: { format: 'pem', type: 'spki' } }, (err, _pub, priv) =>
      err ? reject(err) : resolve(priv),
    ),
  );
}

/** A positive 128-bit serial (the first bit clear, as X.509 wants a positive integer). */
const serial = () => '01' + randomBytes(15).toString('hex');
