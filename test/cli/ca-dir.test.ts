/**
 * The CLI's CA survives restarts without --data (README.md#troubleshooting): it lives in --ca-dir,
 * by default the user's cache directory. Every CLI here gets a directory of the test's own.
 */
import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { runCli, startCli } from '../helpers/spawn-cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'intune-mock-ca-test-'));
const PORTS = ['--http-port', '0', '--https-port', '0', '--log-level', 'warn'];
const text = async (url: string) => (await request(url)).body.text();
/** A start that makes its keys (three RSA keys) takes seconds on a busy machine: more than startCli's default wait. */
const COLD = { timeoutMs: 60_000 };
const jwks = (url: string) => text(`${url}/contoso.onmicrosoft.com/discovery/v2.0/keys`);

t.test('two CLIs started at once on one new --ca-dir serve the same CA; a restart serves it again, and the same signing key', async (t) => {
  const dir = join(tmp(), 'ca');
  const env = { INTUNE_MOCK_CA_DIR: dir };
  // Two cold starts at once make six RSA keys between them: more time than one start needs on a busy machine.
  const [a, b] = await Promise.all([startCli(PORTS, env, COLD), startCli(PORTS, env, COLD)]);
  t.teardown(() => { a.child.kill('SIGKILL'); b.child.kill('SIGKILL'); });
  const [caA, caB] = await Promise.all([text(`${a.url}/_mock/ca.pem`), text(`${b.url}/_mock/ca.pem`)]);
  t.match(caA, /^-----BEGIN CERTIFICATE-----/);
  t.equal(caB, caA, 'one CA for both');
  t.equal(await jwks(b.url), await jwks(a.url), 'one token signing key for both');
  t.match(a.output(), `CA:      ${join(dir, 'ca.pem')} (also `, 'the banner says where the CA is');
  const keys = await jwks(a.url);
  t.equal(await a.stop(), 0);
  t.equal(await b.stop(), 0);

  const again = await startCli(PORTS, env);
  t.teardown(() => again.child.kill('SIGKILL'));
  t.equal(await text(`${again.url}/_mock/ca.pem`), caA, 'the same CA after a restart');
  t.equal(await jwks(again.url), keys, 'tokens signed before the restart still verify');
  const httpsUrl = /and (https:\/\/\S+)/.exec(again.output())![1]!;
  const health = await request(`${httpsUrl}/_mock/health`, { dispatcher: new Agent({ connect: { ca: caA } }) });
  t.equal(health.statusCode, 200, 'the CA saved from the first start is trusted by the restarted mock');
  await health.body.dump();
  t.equal(await again.stop(), 0);
});

t.test('without --ca-dir or --data, the CA is kept in the user cache directory', async (t) => {
  const cache = tmp();
  // An empty variable counts as unset: the CLI falls back to $XDG_CACHE_HOME/intune-mock.
  const mock = await startCli(PORTS, { INTUNE_MOCK_CA_DIR: '', XDG_CACHE_HOME: cache }, COLD);
  t.teardown(() => mock.child.kill('SIGKILL'));
  const file = join(cache, 'intune-mock', 'ca.pem');
  t.match(mock.output(), `CA:      ${file} (also `);
  t.ok(existsSync(file), 'the CA file is there');
  t.equal(await mock.stop(), 0);
});

t.test('a CA directory that cannot be used, or a damaged key, stops the start with one clear message', async (t) => {
  const root = tmp();
  writeFileSync(join(root, 'a-file'), '');
  const inTheWay = join(root, 'a-file', 'ca');
  const blocked = await runCli([...PORTS, '--ca-dir', inTheWay]);
  t.equal(blocked.code, 1);
  t.equal(blocked.stderr, `intune-mock: cannot keep the HTTPS CA and token signing key in ${inTheWay}: a file is in the way (ENOTDIR). Fix it, or choose another directory with --ca-dir.\n`);
  t.equal(blocked.stdout, '');

  const damaged = join(root, 'damaged');
  mkdirSync(damaged);
  writeFileSync(join(damaged, 'ca.pem'), 'not a certificate\n');
  const res = await runCli(PORTS, { INTUNE_MOCK_CA_DIR: damaged });
  t.equal(res.code, 1);
  t.equal(
    res.stderr,
    `intune-mock: ${join(damaged, 'ca.pem')} is not a PEM certificate (damaged?). Delete ca.pem and ca-key.pem there to make a new CA (clients must then trust the new one), or choose another directory with --ca-dir.\n`,
  );
});
