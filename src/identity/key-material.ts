/**
 * The mock's key material: the RS256 key that signs its tokens, and the CA and server certificate of its
 * HTTPS listener (docs/simulation.md#transport). Generated on first start; kept in `<data>/keys/` when there is a data
 * directory, so tokens and the CA the clients trust survive restarts.
 *
 * Keys come from Node's crypto; node-forge only assembles and signs the certificates (no OpenSSL binary
 * needed, which slim Docker images may not have, and no global polyfills).
 */
import forge from 'node-forge';
import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface TlsMaterial {
  /** The CA to trust; empty when the user brought their own certificate (`--tls-cert`). */
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface SigningKey {
  signingKey: KeyObject;
  publicKey: KeyObject;
}

export interface TlsOptions {
  dataDir?: string | undefined;
  /** Host names and addresses the server certificate must name besides localhost, 127.0.0.1 and ::1. */
  hostNames: readonly string[];
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

const keysDir = async (dataDir: string | undefined): Promise<string | undefined> => {
  if (!dataDir) return undefined;
  const dir = join(dataDir, 'keys');
  await mkdir(dir, { recursive: true });
  return dir;
};

/** The key that signs the mock's tokens (kept in `<data>/keys/` so tokens stay valid across restarts). */
export async function loadSigningKey(dataDir?: string): Promise<SigningKey> {
  const signingKey = createPrivateKey(await readOr(await keysDir(dataDir), 'token-signing-key.pem', rsaKeyPem));
  return { signingKey, publicKey: createPublicKey(signingKey) };
}

/** The HTTPS listener's certificate: the user's own (`--tls-cert`/`--tls-key`), or one from the mock's CA. */
export async function loadTls(opts: TlsOptions): Promise<TlsMaterial> {
  if (opts.tlsCert && opts.tlsKey) {
    const [certPem, keyPem] = await Promise.all([readFile(opts.tlsCert, 'utf8'), readFile(opts.tlsKey, 'utf8')]);
    return { caPem: '', certPem, keyPem };
  }
  return ourTls(await keysDir(opts.dataDir), sanNames(opts.hostNames));
}

/** localhost, 127.0.0.1, ::1 and the configured hosts (a wildcard listen address names nothing). */
export function sanNames(hostNames: readonly string[]): string[] {
  const out = new Set(['localhost', '127.0.0.1', '::1']);
  for (const h of hostNames) if (h && h !== '0.0.0.0' && h !== '::') out.add(h.replace(/^\[|\]$/g, '').toLowerCase());
  return [...out];
}

async function ourTls(dir: string | undefined, names: string[]): Promise<TlsMaterial> {
  if (dir) {
    const read = (f: string) => readFile(join(dir, f), 'utf8').catch(() => '');
    const [caPem, caKeyPem, certPem, keyPem, san] = await Promise.all(['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem', 'server-names.txt'].map(read));
    if (caPem && caKeyPem && certPem && keyPem && san === names.join('\n')) return { caPem, certPem, keyPem };
  }
  // The server certificate is remade when the host names change; the CA clients trust is kept.
  const [caKeyPem, keyPem] = await Promise.all([readOr(dir, 'ca-key.pem', rsaKeyPem), rsaKeyPem()]);
  const caPem = await readOr(dir, 'ca.pem', () => makeCa(caKeyPem));
  const certPem = makeServerCert(caPem, caKeyPem, keyPem, names);
  if (dir) {
    await writeFile(join(dir, 'server-key.pem'), keyPem, { mode: 0o600 });
    await writeFile(join(dir, 'server.pem'), certPem);
    await writeFile(join(dir, 'server-names.txt'), names.join('\n'));
  }
  return { caPem, certPem, keyPem };
}

// Certificate validity reads the real clock, not the mock's: TLS clients check it against real time.
function makeCa(caKeyPem: string): string {
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
  ]);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function makeServerCert(caPem: string, caKeyPem: string, keyPem: string, names: readonly string[]): string {
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
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
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

async function readOr(dir: string | undefined, file: string, make: () => Promise<string> | string): Promise<string> {
  if (dir) {
    const existing = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (existing) return existing;
  }
  const made = await make();
  if (dir) await writeFile(join(dir, file), made, { mode: file.includes('key') ? 0o600 : 0o644 });
  return made;
}

/** A positive 128-bit serial (the first bit clear, as X.509 wants a positive integer). */
const serial = () => '01' + randomBytes(15).toString('hex');
