/**
 * A CA safe to trust (docs/reliability.md#a-ca-safe-to-trust): the mock's CA carries name constraints, so a
 * certificate signed with its key for any other name is rejected by a verifier (OpenSSL, Node's TLS), and a
 * kept CA is widened for new names or replaced when an older version made it without constraints.
 */
import t from 'tap';
import forge from 'node-forge';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { banner } from '../../src/cli/banner.js';
import { loadConfig } from '../../src/config.js';
import { loadTls } from '../../src/identity/key-material.js';
import { startMock } from '../../src/server.js';
import { MICROSOFT_HOSTS, permits, permittedSubtrees } from '../../src/identity/name-constraints.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const keyDirIn = (p: string) => ({ path: join(tmp(p), 'ca'), option: '--ca-dir' });
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const noOpenssl = hasOpenssl ? false : 'the openssl command is not installed';

const rsaPem = () => generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { format: 'pem', type: 'pkcs1' }, publicKeyEncoding: { format: 'pem', type: 'spki' } }).privateKey;
/** One key for every leaf the tests sign (RSA key generation would dominate the file's time). */
const leafKeyPem = rsaPem();

/** A leaf certificate for `names`, signed with the CA's key as anyone holding ca-key.pem could. */
function leafFor(caPem: string, caKeyPem: string, names: string[]): { certPem: string; keyPem: string } {
  const privateKey = leafKeyPem;
  const key = forge.pki.privateKeyFromPem(privateKey);
  const ca = forge.pki.certificateFromPem(caPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0123';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: names[0]! }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (/^[\d.]+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(caKeyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

/** `openssl verify`'s verdict on `certPem` with only `caPem` trusted. */
function opensslVerify(caPem: string, certPem: string): { ok: boolean; output: string } {
  const dir = tmp('intune-mock-verify-');
  writeFileSync(join(dir, 'ca.pem'), caPem);
  writeFileSync(join(dir, 'leaf.pem'), certPem);
  const r = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Connects with Node's TLS to a server presenting `leaf`, trusting `caPem`; 'ok' or the error's message. */
async function nodeTls(caPem: string, leaf: { certPem: string; keyPem: string }, servername: string, checkHost = true): Promise<string> {
  const server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername, ca: caPem, ...(checkHost ? {} : { checkServerIdentity: () => undefined }) }, () => {
        resolve('ok');
        socket.end();
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.message));
    });
  } finally {
    server.close();
  }
}

t.test('the CA permits loopback and --tls-hosts, not yet the Microsoft hosts, in a critical nameConstraints extension', async (t) => {
  const tls = await loadTls({ hostNames: ['mock.internal', '10.1.2.3'] });
  const ca = forge.pki.certificateFromPem(tls.caPem);
  const ext = ca.getExtension({ id: '2.5.29.30' } as unknown as string) as { critical?: boolean } | null;
  t.equal(ext?.critical, true, 'critical, as RFC 5280 4.2.1.10 requires');
  const subtrees = permittedSubtrees(new X509Certificate(tls.caPem).raw)!;
  for (const name of ['localhost', 'app.localhost', '127.0.0.1', '127.9.9.9', '::1', 'mock.internal', '10.1.2.3']) t.ok(permits(subtrees, name), `permits ${name}`);
  for (const name of ['evil.example', 'localhost.evil.example', 'microsoft.com', '10.1.2.4', '::2', 'internal', ...MICROSOFT_HOSTS]) t.notOk(permits(subtrees, name), `not ${name}`);
  if (hasOpenssl) {
    const text = spawnSync('openssl', ['x509', '-noout', '-text'], { input: tls.caPem, encoding: 'utf8' }).stdout;
    t.match(text, /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:localhost\s+IP:127\.0\.0\.0\/255\.0\.0\.0/, 'OpenSSL reads the same extension');
    t.match(text, 'DNS:mock.internal');
    t.notMatch(text, 'microsoft', 'no proxied host until the proxy serves one');
  }
});

t.test('openssl verify: the served certificate and a permitted name pass; evil.example and another address fail', { skip: noOpenssl }, async (t) => {
  const keyDir = keyDirIn('intune-mock-nc-');
  const tls = await loadTls({ keyDir, hostNames: ['mock.internal'] });
  const caKeyPem = readFileSync(join(keyDir.path, 'ca-key.pem'), 'utf8');
  t.ok(opensslVerify(tls.caPem, tls.certPem).ok, 'the served certificate verifies');
  t.ok(opensslVerify(tls.caPem, leafFor(tls.caPem, caKeyPem, ['app.localhost', '127.0.0.2']).certPem).ok, 'another permitted name verifies');
  for (const names of [['evil.example'], ['localhost', 'evil.example'], ['10.9.9.9'], ['graph.microsoft.com']]) {
    const verdict = opensslVerify(tls.caPem, leafFor(tls.caPem, caKeyPem, names).certPem);
    t.notOk(verdict.ok, `${names.join(', ')}: rejected`);
    t.match(verdict.output, /permitted subtree violation/, 'for the name constraints');
  }
});

t.test("Node's TLS: a leaf for a permitted name connects; one for evil.example does not, even without a host name check", async (t) => {
  const keyDir = keyDirIn('intune-mock-nc-node-');
  const tls = await loadTls({ keyDir, hostNames: [] });
  const caKeyPem = readFileSync(join(keyDir.path, 'ca-key.pem'), 'utf8');
  t.equal(await nodeTls(tls.caPem, leafFor(tls.caPem, caKeyPem, ['app.localhost']), 'app.localhost'), 'ok');
  t.equal(await nodeTls(tls.caPem, leafFor(tls.caPem, caKeyPem, ['login.microsoftonline.com']), 'login.microsoftonline.com'), 'permitted subtree violation', 'Entra sign-in cannot be impersonated with a stolen key');
  const evil = leafFor(tls.caPem, caKeyPem, ['evil.example']);
  t.equal(await nodeTls(tls.caPem, evil, 'evil.example'), 'permitted subtree violation');
  t.equal(await nodeTls(tls.caPem, evil, 'evil.example', false), 'permitted subtree violation', 'the chain itself is refused');
});

t.test('a later start with a name outside the kept CA widens it: same key, the new name, a notice; the old trust still works for the old names', { skip: noOpenssl }, async (t) => {
  const keyDir = keyDirIn('intune-mock-nc-widen-');
  const first = await loadTls({ keyDir, hostNames: ['a.internal'] });
  t.equal(first.notice, undefined, 'a first CA needs no notice');
  const again = await loadTls({ keyDir, hostNames: ['a.internal'] });
  t.equal(again.caPem, first.caPem, 'names it permits: the CA is kept');
  t.equal(again.notice, undefined);
  const second = await loadTls({ keyDir, hostNames: ['b.internal', '192.0.2.7'] });
  t.not(second.caPem, first.caPem, 'a new CA certificate');
  t.match(second.notice, /now also vouches for b\.internal, 192\.0\.2\.7\/32/);
  t.equal(readFileSync(join(keyDir.path, 'ca.pem'), 'utf8'), second.caPem, 'kept on disk');
  t.equal(new X509Certificate(second.caPem).publicKey.export({ format: 'pem', type: 'spki' }), new X509Certificate(first.caPem).publicKey.export({ format: 'pem', type: 'spki' }), 'the same key');
  const subtrees = permittedSubtrees(new X509Certificate(second.caPem).raw)!;
  t.ok(permits(subtrees, 'a.internal') && permits(subtrees, 'b.internal'), 'the old names and the new');
  const caKeyPem = readFileSync(join(keyDir.path, 'ca-key.pem'), 'utf8');
  t.ok(opensslVerify(second.caPem, second.certPem).ok, 'the new certificate with the new CA');
  t.ok(opensslVerify(first.caPem, leafFor(second.caPem, caKeyPem, ['a.internal']).certPem).ok, 'the CA trusted before still vouches for a.internal');
  t.notOk(opensslVerify(first.caPem, second.certPem).ok, 'but not for b.internal');
});

t.test('a kept CA without name constraints (an older version) is replaced, key and all, and the start says so', async (t) => {
  const keyDir = keyDirIn('intune-mock-nc-old-');
  const privateKey = rsaPem();
  const key = forge.pki.privateKeyFromPem(privateKey);
  const old = forge.pki.createCertificate();
  old.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  old.serialNumber = '01abcdef';
  old.validity.notBefore = new Date(Date.now() - 3600_000);
  old.validity.notAfter = new Date(Date.now() + 86_400_000);
  old.setSubject([{ name: 'commonName', value: 'intune-mock local CA' }]);
  old.setIssuer([{ name: 'commonName', value: 'intune-mock local CA' }]);
  old.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, critical: true }]);
  old.sign(key, forge.md.sha256.create());
  const oldPem = forge.pki.certificateToPem(old);
  await loadTls({ keyDir, hostNames: [] }); // makes the directory
  writeFileSync(join(keyDir.path, 'ca-key.pem'), privateKey);
  writeFileSync(join(keyDir.path, 'ca.pem'), oldPem);
  const tls = await loadTls({ keyDir, hostNames: [] });
  t.not(tls.caPem, oldPem);
  t.match(tls.notice, /replaced the CA .*serial 01abcdef.*no name constraints/);
  t.not(readFileSync(join(keyDir.path, 'ca-key.pem'), 'utf8'), privateKey, 'a new key: the old one could sign for any host');
  t.ok(permittedSubtrees(new X509Certificate(tls.caPem).raw), 'the new CA has constraints');
  t.ok(new X509Certificate(tls.certPem).checkIssued(new X509Certificate(tls.caPem)));
  const next = await loadTls({ keyDir, hostNames: [] });
  t.equal(next.caPem, tls.caPem, 'and is kept from then on');
  t.equal(next.notice, undefined);
});

t.test('a start that widens the kept CA says so in the banner', async (t) => {
  const caDir = join(tmp('intune-mock-nc-banner-'), 'ca');
  await loadTls({ keyDir: { path: caDir, option: '--ca-dir' }, hostNames: [] });
  const mock = await startMock({ caDir, tlsHosts: 'mock.internal', auth: 'off' });
  t.teardown(() => mock.close());
  t.match(mock.caNotice, /now also vouches for mock\.internal/);
  const text = banner(mock, loadConfig([], {}, { caDir, tlsHosts: 'mock.internal' }), '0.0.0');
  t.match(text, /\n {2}CA note: the CA in .*ca\.pem now also vouches for mock\.internal/);
});

t.test('a start killed between writing ca-key.pem and ca.pem: the next start issues ca.pem again from the kept key, and says so', async (t) => {
  const keyDir = keyDirIn('intune-mock-nc-cut-');
  const first = await loadTls({ keyDir, hostNames: ['a.internal'] });
  const keptKey = rsaPem(); // the new key was written; the old CA's certificate was still there
  writeFileSync(join(keyDir.path, 'ca-key.pem'), keptKey);
  const tls = await loadTls({ keyDir, hostNames: [] });
  t.match(tls.notice, /ca\.pem .*was not ca-key\.pem's.*issued again/);
  t.not(tls.caPem, first.caPem);
  t.equal(readFileSync(join(keyDir.path, 'ca-key.pem'), 'utf8'), keptKey, 'the key is kept');
  t.equal(readFileSync(join(keyDir.path, 'ca.pem'), 'utf8'), tls.caPem, 'the new certificate is on disk');
  const key = forge.pki.privateKeyFromPem(keptKey);
  t.equal((forge.pki.certificateFromPem(tls.caPem).publicKey as forge.pki.rsa.PublicKey).n.compareTo(key.n), 0, 'the certificate is the kept key\'s');
  t.ok(permits(permittedSubtrees(new X509Certificate(tls.caPem).raw)!, 'a.internal'), 'the names the old certificate permitted are kept');
  t.ok(new X509Certificate(tls.certPem).checkIssued(new X509Certificate(tls.caPem)), 'the server certificate is issued by it');
  const next = await loadTls({ keyDir, hostNames: [] });
  t.equal(next.caPem, tls.caPem, 'kept from then on');
  t.equal(next.notice, undefined);
});
