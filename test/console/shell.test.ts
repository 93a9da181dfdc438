/**
 * The console's shell in a real Chromium (docs/console.md): served by the mock with no network, its menu, the
 * tenant switcher, the live indicator; the page's files are what `npm run build` wrote.
 */
import t from 'tap';
import { loadSigningKey } from '../../src/identity/key-material.js';
import { startMock } from '../../src/server.js';
import { browserSkip, openConsole } from './browser.js';

t.test('the console loads, shows its menu and goes live', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  const offline: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(mock.url)) offline.push(r.url());
  });
  await page.goto(url());
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Devices', 'Device actions', 'Test bench']) t.ok(await nav.getByRole('link', { name }).isVisible(), `menu: ${name}`);
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  await nav.getByRole('link', { name: 'Test bench' }).click();
  t.equal(await page.getByRole('link', { name: 'Test bench' }).getAttribute('aria-current'), 'page');
  t.same(offline, [], 'no request leaves the mock (no CDN)');
  t.same(pageErrors, []);
});

t.test('the tenant switcher puts the tenant in the URL', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors } = await openConsole(t);
  await page.goto(url());
  await page.getByLabel('Tenant').first().fill('job-a.example');
  await page.getByRole('button', { name: 'Switch' }).first().click();
  await page.waitForURL(/tenant=job-a\.example/);
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  t.same(pageErrors, []);
});

t.test('a tenant name the mock refuses: the API\'s words, and the live indicator stops instead of retrying', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors } = await openConsole(t);
  let streams = 0;
  page.on('request', (r) => {
    if (r.url().includes('/_mock/events')) streams++;
  });
  await page.goto(url('#/devices', 'bad tenant name!'));
  await page.getByRole('alert').filter({ hasText: 'invalidTenant' }).first().waitFor();
  await page.getByRole('status', { name: 'Live updates: Not live' }).waitFor();
  const tried = streams;
  // Were it retrying, a second attempt comes within its 1 s retry; the page's own refusals are its only errors.
  await page.getByRole('link', { name: 'Device actions' }).click();
  await page.getByRole('heading', { name: 'Device actions' }).waitFor();
  t.equal(streams, tried, 'the refused stream is not asked for again');
  t.ok(pageErrors.every((e) => /status of 400/.test(e)), 'only the refusals it provoked');
});

t.test('after the mock restarts (a new signing key: a new container), the page reconnects and its Graph views work again', { skip: browserSkip }, async (t) => {
  const first = await openConsole(t);
  const { page, url, pageErrors } = first;
  await page.goto(url('#/actions'));
  await page.getByRole('table', { name: 'Device actions' }).waitFor(); // read through Graph: the page holds a token
  const port = Number(new URL(first.mock.url).port);
  await first.mock.close();
  await page.getByRole('status', { name: 'Live updates: Reconnecting…' }).waitFor();

  const second = await startMock({ auth: 'strict', httpPort: port, signingKey: await loadSigningKey() });
  t.teardown(() => second.close());
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  // An integration acts through Graph on the new mock: the open page shows it, read with a token the new mock accepts.
  const token = (await (await fetch(`${second.url}/_mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { access_token: string };
  const devices = (await (await fetch(`${second.url}/v1.0/deviceManagement/managedDevices?$top=1`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { value: Array<{ id: string; deviceName: string }> };
  const device = devices.value[0]!;
  const lock = await fetch(`${second.url}/v1.0/deviceManagement/managedDevices/${device.id}/remoteLock`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } });
  t.equal(lock.status, 204);
  await page.getByRole('table', { name: 'Device actions' }).getByRole('row').filter({ hasText: device.deviceName }).waitFor();
  t.equal(await page.getByRole('alert').count(), 0, 'no error shown');
  t.same(pageErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|401/.test(e)), []);
});
