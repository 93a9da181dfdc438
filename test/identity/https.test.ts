/** The HTTPS listener (docs/simulation.md#transport): the mock's CA, kept with the data, the hosts it names, the user's own certificate. */
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { loadTls } from '../../src/identity/key-material.js';
import { startMock } from '../../src/server.js';
import { sharedSigningKey } from '../helpers/build.js';
import { startCli } from '../helpers/spawn-cli.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const over = (ca: string) => new Agent({ connect: { ca } });

t.test('HTTPS serves the same app and state; the CA survives a restart with --data', async (t) => {
  const data = tmp('intune-mock-tls-');
  const first = await startMock({ data, auth: 'off' });
  t.match(first.caPem, /^-----BEGIN CERTIFICATE-----/);
  const dispatcher = over(first.caPem);
  const patched = await request(`${first.httpsUrl}/v1.0/deviceManagement/managedDevices?$top=1&$select=id`, { dispatcher });
  const id = ((await patched.body.json()) as any).value[0].id;
  const res = await request(`${first.httpsUrl}/v1.0/deviceManagement/managedDevices/${id}`, {
    dispatcher, method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"notes":"over TLS"}',
  });
  t.equal(res.statusCode, 204);
  await res.body.dump();
  const viaHttp = await request(`${first.url}/v1.0/deviceManagement/managedDevices/${id}?$select=notes`);
  t.equal(((await viaHttp.body.json()) as any).notes, 'over TLS', 'one state behind both listeners');
  const served = await request(`${first.url}/_mock/ca.pem`);
  t.equal(await served.body.text(), first.caPem);
  const context = ((await (await request(`${first.httpsUrl}/v1.0/deviceManagement/managedDevices?$top=1`, { dispatcher })).body.json()) as any)['@odata.nextLink'];
  t.match(context, /^https:\/\//, 'links carry the scheme the caller used');
  await first.close();
  const second = await startMock({ data, auth: 'off' });
  t.teardown(() => second.close());
  t.equal(second.caPem, first.caPem, 'the same CA after a restart');
  const again = await request(`${second.httpsUrl}/_mock/health`, { dispatcher: over(first.caPem) });
  t.equal(again.statusCode, 200, 'a client that trusted the first CA still connects');
  await again.body.dump();
});

t.test('the server certificate names localhost, 127.0.0.1, ::1 and the configured host', async (t) => {
  const tls = await loadTls({ hostNames: ['mock.internal', '0.0.0.0'] });
  const san = new X509Certificate(tls.certPem).subjectAltName ?? '';
  for (const name of ['DNS:localhost', 'IP Address:127.0.0.1', 'DNS:mock.internal']) t.match(san, name);
  t.match(san, /IP Address:0:0:0:0:0:0:0:1|IP Address:::1/);
  t.notMatch(san, '0.0.0.0');
  const ca = new X509Certificate(tls.caPem);
  t.ok(ca.ca, 'a CA certificate');
  t.ok(new X509Certificate(tls.certPem).checkIssued(ca), 'issued by it');
});

t.test('--tls-cert and --tls-key: the user\'s own certificate, and no CA to serve', async (t) => {
  const own = await loadTls({ hostNames: [] });
  const dir = tmp('intune-mock-own-');
  writeFileSync(join(dir, 'cert.pem'), own.certPem);
  writeFileSync(join(dir, 'key.pem'), own.keyPem);
  const mock = await startMock({ tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem'), signingKey: await sharedSigningKey });
  t.teardown(() => mock.close());
  t.equal(mock.caPem, '');
  const health = await request(`${mock.httpsUrl}/_mock/health`, { dispatcher: over(own.caPem) });
  t.equal(health.statusCode, 200);
  await health.body.dump();
  const ca = await request(`${mock.url}/_mock/ca.pem`);
  t.equal(ca.statusCode, 404);
  t.equal(((await ca.body.json()) as any).error.code, 'noCa');
});

t.test('--tls-cert: the issuer Node trusts at start (NODE_EXTRA_CA_CERTS) completes the chain the mock sends, as Node does', async (t) => {
  // A certificate file holding only the leaf, its issuer (here the stand-in for a corporate intermediate) in the
  // mock's NODE_EXTRA_CA_CERTS: Node's TLS server sends [leaf, issuer] by default (OpenSSL builds the chain from
  // the context's trust store), so a client that trusts only a root above that issuer can verify it.
  // The mock's own CA needs no store (src/server.ts): its chain is the leaf alone either way.
  const own = await loadTls({ hostNames: [] });
  const dir = tmp('intune-mock-own-');
  writeFileSync(join(dir, 'cert.pem'), own.certPem);
  writeFileSync(join(dir, 'key.pem'), own.keyPem);
  writeFileSync(join(dir, 'issuer.pem'), own.caPem);
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem'), '--log-level', 'warn'], { NODE_EXTRA_CA_CERTS: join(dir, 'issuer.pem') }, { coverage: false });
  t.teardown(() => mock.child.kill('SIGKILL'));
  const httpsUrl = new URL(/and (https:\/\/\S+)/.exec(mock.output())![1]!);
  const sent = await new Promise<string[]>((resolve, reject) => {
    const socket = connect({ host: httpsUrl.hostname, port: Number(httpsUrl.port), servername: 'localhost', rejectUnauthorized: false }, () => {
      const chain: string[] = [];
      for (let c = socket.getPeerCertificate(true); c && c.fingerprint256 && !chain.includes(c.fingerprint256); c = c.issuerCertificate) chain.push(c.fingerprint256);
      socket.end();
      resolve(chain);
    }).once('error', reject);
  });
  t.same(sent, [new X509Certificate(own.certPem).fingerprint256, new X509Certificate(own.caPem).fingerprint256], 'the leaf and its issuer');
});

t.test('--tls-hosts adds names to the served certificate (a compose service reached over HTTPS)', async (t) => {
  const mock = await startMock({ tlsHosts: 'intune-mock,mock.internal', signingKey: await sharedSigningKey });
  t.teardown(() => mock.close());
  const { connect } = await import('node:tls');
  const port = Number(new URL(mock.httpsUrl).port);
  const san = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'intune-mock', ca: mock.caPem }, () => {
      resolve(socket.getPeerCertificate().subjectaltname ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
  t.match(san, 'DNS:intune-mock');
  t.match(san, 'DNS:mock.internal');
});

t.test('caDir keeps the CA and signing key across starts without --data; --data keeps its own; neither: memory', async (t) => {
  const caDir = join(tmp('intune-mock-cadir-'), 'ca');
  const first = await startMock({ caDir, auth: 'off' });
  const jwks = async (m: { url: string }) => (await request(`${m.url}/contoso.onmicrosoft.com/discovery/v2.0/keys`)).body.text();
  const keys = await jwks(first);
  t.equal(first.caFile, join(caDir, 'ca.pem'));
  t.equal(readFileSync(first.caFile!, 'utf8'), first.caPem, 'the file holds the CA served');
  await first.close();
  const second = await startMock({ caDir, auth: 'off' });
  t.equal(second.caPem, first.caPem, 'the same CA');
  t.equal(await jwks(second), keys, 'the same signing key');
  await second.close();

  const data = tmp('intune-mock-data-');
  const withData = await startMock({ data, caDir, auth: 'off', signingKey: await sharedSigningKey });
  t.equal(withData.caFile, join(data, 'keys', 'ca.pem'), '--data keeps its own');
  t.not(withData.caPem, first.caPem);
  await withData.close();

  const inMemory = await startMock({ auth: 'off', signingKey: await sharedSigningKey });
  t.equal(inMemory.caFile, undefined, 'startMock without data or caDir keeps nothing on disk');
  await inMemory.close();
});

t.test('starts racing on a new key directory all get one CA; new host names re-issue the server certificate from it', async (t) => {
  const keyDir = { path: join(tmp('intune-mock-race-'), 'ca'), option: '--ca-dir' };
  const all = await Promise.all(['a', 'b', 'c', 'd'].map(() => loadTls({ keyDir, hostNames: ['mock.internal'] })));
  const ca = new X509Certificate(all[0]!.caPem);
  for (const [i, tls] of all.entries()) {
    t.equal(tls.caPem, all[0]!.caPem, `start ${i}: the same CA`);
    t.ok(new X509Certificate(tls.certPem).checkIssued(ca) && new X509Certificate(tls.certPem).verify(ca.publicKey), `start ${i}: its certificate from that CA`);
  }
  t.same(readdirSync(keyDir.path).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), [], 'no temporary files or lock left');
  const other = await loadTls({ keyDir, hostNames: ['localhost'] });
  t.equal(other.caPem, all[0]!.caPem, 'a name the CA permits: the CA is kept');
  t.notMatch(new X509Certificate(other.certPem).subjectAltName, 'mock.internal', 'a certificate for the names asked for now');
  t.ok(new X509Certificate(other.certPem).verify(ca.publicKey));
  const again = await loadTls({ keyDir, hostNames: ['localhost'] });
  t.equal(again.certPem, other.certPem, 'and that certificate is kept while the names stay');
});

t.test('starts racing with different names: one CA key, and the CA kept at the end permits every name and verifies every certificate', async (t) => {
  const keyDir = { path: join(tmp('intune-mock-race-names-'), 'ca'), option: '--ca-dir' };
  const all = await Promise.all(['a', 'b', 'c', 'd'].map((h) => loadTls({ keyDir, hostNames: [`${h}.internal`] })));
  const final = new X509Certificate(readFileSync(join(keyDir.path, 'ca.pem'), 'utf8'));
  for (const [i, tls] of all.entries()) {
    t.ok(new X509Certificate(tls.certPem).verify(final.publicKey), `start ${i}: its certificate from the kept CA's key`);
    t.ok(new X509Certificate(tls.caPem).publicKey.equals(final.publicKey), `start ${i}: serves a certificate of that key`);
  }
  const settled = await loadTls({ keyDir, hostNames: ['a.internal', 'b.internal', 'c.internal', 'd.internal'] });
  t.equal(new X509Certificate(settled.caPem).fingerprint256, final.fingerprint256, 'the kept CA permits all four names: no change');
  t.equal(settled.notice, undefined);
  t.same(readdirSync(keyDir.path).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), [], 'no temporary files or lock left');
});
