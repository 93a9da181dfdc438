import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { runCli, startCli } from '../helpers/spawn-cli.js';

t.test('serves the default fleet over HTTP, tokens from its issuer, and stops cleanly on SIGTERM', async (t) => {
  const mock = await startCli(['--http-port', '0', '--https-port', '0']);
  t.teardown(() => mock.child.kill('SIGKILL'));
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(mock.output(), /and https:\/\/127\.0\.0\.1:\d+/);
  const health = await request(`${mock.url}/_mock/health`);
  t.equal(health.statusCode, 200);
  t.equal(((await health.body.json()) as any).status, 'ok');
  const denied = await request(`${mock.url}/v1.0/deviceManagement/managedDevices`);
  t.equal(denied.statusCode, 401, 'strict auth by default');
  await denied.body.dump();
  const tokenRes = await request(`${mock.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'client_id=ci&client_secret=s&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  });
  const token = ((await tokenRes.body.json()) as any).access_token;
  t.ok(token, 'a token from the issuer');
  const list = await request(`${mock.url}/v1.0/deviceManagement/managedDevices?$count=true&$top=3`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await list.body.json()) as any;
  t.equal(body.value.length, 3);
  t.ok(body['@odata.count'] > 10, 'the default fleet');
  t.match(body['@odata.nextLink'], new RegExp(`^${mock.url.replace(/\./g, '\\.')}/v1\\.0/`));
  t.equal(await mock.stop('SIGTERM'), 0, 'exit code 0');
  t.match(mock.output(), /SIGTERM received, shutting down/);
});

t.test('SIGINT with --data flushes the state to disk before exiting', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-cli-'));
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--data', dir, '--log-level', 'warn', '--auth', 'off']);
  t.teardown(() => mock.child.kill('SIGKILL'));
  const list = (await (await request(`${mock.url}/v1.0/deviceManagement/managedDevices?$top=1`)).body.json()) as any;
  const id = list.value[0].id;
  const res = await request(`${mock.url}/v1.0/deviceManagement/managedDevices/${id}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'from the CLI test' }),
  });
  t.equal(res.statusCode, 204);
  await res.body.dump();
  t.equal(await mock.stop('SIGINT'), 0);
  const doc = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
  const tenant = Object.values(doc.tenants)[0] as any;
  t.equal(tenant.devices.find((r: any) => r.device.id === id).device.notes, 'from the CLI test');

  const again = await startCli(['--http-port', '0', '--https-port', '0'], { INTUNE_MOCK_DATA: dir, INTUNE_MOCK_AUTH: 'off' });
  t.teardown(() => again.child.kill('SIGKILL'));
  const got = (await (await request(`${again.url}/v1.0/deviceManagement/managedDevices/${id}?$select=notes`)).body.json()) as any;
  t.equal(got.notes, 'from the CLI test', 'INTUNE_MOCK_DATA restores it');
  t.equal(await again.stop(), 0);
});

t.test('--help lists every option and its variable', async (t) => {
  const res = await runCli(['--help']);
  t.equal(res.code, 0);
  for (const flag of ['--http-port', '--https-port', '--host', '--fixtures', '--data', '--auth', '--tls-cert', '--log-level', '--ruleset', '--odata', '--check-in-delay', '--seed']) t.match(res.stdout, flag);
  t.match(res.stdout, 'INTUNE_MOCK_HTTP_PORT');
  t.equal((await runCli(['serve', '--help'])).code, 0);
});

t.test('bad flags and values exit 2 with a clear message', async (t) => {
  const unknown = await runCli(['--colour', 'red']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /--colour/);
  const port = await runCli(['--http-port', 'eighty']);
  t.equal(port.code, 2);
  t.match(port.stderr, /--http-port: 'eighty' is not a whole number/);
  const range = await runCli([], { INTUNE_MOCK_HTTP_PORT: '70000' });
  t.equal(range.code, 2);
  t.match(range.stderr, /INTUNE_MOCK_HTTP_PORT/);
  const level = await runCli(['--log-level', 'chatty']);
  t.equal(level.code, 2);
  t.match(level.stderr, /--log-level.*must be one of/);
  const command = await runCli(['frobnicate']);
  t.equal(command.code, 2);
  t.match(command.stderr, /unknown command 'frobnicate'/);
});

t.test('a bad fixture exits 1 listing every problem with its path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-fixture-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ devices: [{ id: 'a', complianceState: 'meh' }, { osVersion: 7 }], extra: true }));
  const res = await runCli(['--fixtures', file]);
  t.equal(res.code, 1);
  t.match(res.stderr, 'is not valid (4 problems)');
  t.match(res.stderr, '$.extra: is not a known property');
  t.match(res.stderr, '$.devices[0].complianceState: must be one of');
  t.match(res.stderr, '$.devices[1].id: is required');
  t.match(res.stderr, '$.devices[1].osVersion: must be string or null');
  const missing = await runCli(['--fixtures', join(dir, 'nope.json')]);
  t.equal(missing.code, 1);
  t.match(missing.stderr, /cannot be read/);
  writeFileSync(file, '{ not json');
  const notJson = await runCli(['--fixtures', file]);
  t.equal(notJson.code, 1);
  t.match(notJson.stderr, /is not valid JSON/);
});

t.test('a busy port exits 1 and says so', async (t) => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const res = await runCli(['--http-port', String(port), '--https-port', '0']);
  t.equal(res.code, 1);
  t.match(res.stderr, new RegExp(`127\\.0\\.0\\.1:${port}: the port is already in use`));
});

t.test('a corrupt data file exits 1 and is not overwritten', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-corrupt-'));
  writeFileSync(join(dir, 'db.json'), '{"half": ');
  const res = await runCli(['--data', dir, '--http-port', '0', '--https-port', '0']);
  t.equal(res.code, 1);
  t.match(res.stderr, /db\.json is not valid JSON/);
  t.equal(readFileSync(join(dir, 'db.json'), 'utf8'), '{"half": ');
});
