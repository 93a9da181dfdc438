/**
 * The console's Devices and Device views in a real Chromium (docs/console.md): the fleet
 * filtered and paged by the server, a device's remote actions greyed out exactly as `GET /_mock/devices/{id}/actions`
 * says, an action sent through the confirm dialog and its result following the mock clock live.
 */
import t from 'tap';
import { browserSkip, openConsole } from './browser.js';
import { ManualClock } from '../../src/domain/clock.js';
import { readFileSync } from 'node:fs';
import type { Fixture } from '../../src/schemas/fixture.js';

/** The default fleet, which a mock started with no fixture seeds every tenant from. */
const FLEET: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8'));
const PIXEL_8 = 'ad38ba1c-52f4-48d6-87fd-33974620eaaa'; // Android 16, personally-owned work profile
const DESKTOP = '10f34b47-1da7-4914-bb91-ca3ffb87a072'; // Windows 11

/** A control API call from the test itself, as another client of the same mock would make it. */
async function control(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}/_mock${path}`, {
    method,
    headers: { 'x-mock-tenant': 'contoso.onmicrosoft.com', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

t.test('Devices: filter by platform and by search, the hash keeps them, open a device', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  const total = FLEET.devices!.length;
  const android = FLEET.devices!.filter((d) => d.operatingSystem === 'Android').length;
  await page.goto(url('#/devices'));
  await page.getByRole('heading', { name: 'Devices' }).waitFor();
  const table = page.getByRole('table', { name: 'Devices' });
  const count = page.getByRole('status').filter({ hasText: / devices?$/ });
  await count.filter({ hasText: `${total} devices` }).waitFor();
  t.equal(await table.locator('tbody tr').count(), total, 'every device of the default fleet on one page');

  await page.getByRole('combobox', { name: 'Platform' }).selectOption('android');
  await count.filter({ hasText: `${android} devices` }).waitFor();
  t.equal(await table.locator('tbody tr').count(), android, 'the Android devices only');
  t.match(page.url(), /#\/devices\?platform=android$/, 'the filter is in the hash');

  const searches: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/_mock/devices?') && r.url().includes('search=')) searches.push(new URL(r.url()).searchParams.get('search')!);
  });
  await page.getByRole('searchbox', { name: 'Search devices' }).pressSequentially('pixel');
  await count.filter({ hasText: '2 devices' }).waitFor();
  t.same(searches, ['pixel'], 'typing is debounced: one request for the word, not one per key');
  t.same((await table.locator('tbody tr td:first-child').allTextContents()).sort(), ['Pixel 7a', 'Pixel 8'], 'search narrows the Android devices');
  t.match(page.url(), /platform=android&search=pixel/);

  // A reload keeps the filters (they are in the hash), and the list answers to them again.
  await page.reload();
  await count.filter({ hasText: '2 devices' }).waitFor();
  t.equal(await page.getByRole('combobox', { name: 'Platform' }).inputValue(), 'android');
  t.equal(await page.getByRole('searchbox', { name: 'Search devices' }).inputValue(), 'pixel');

  await table.getByRole('link', { name: 'Pixel 8' }).click();
  await page.getByRole('heading', { name: 'Pixel 8', level: 1 }).waitFor();
  t.match(page.url(), new RegExp(`#/devices/${PIXEL_8}$`));
  void mock;
  t.same(pageErrors, []);
});

t.test('Devices: a 20,000-device tenant is paged by the server, 50 rows at a time', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  // The fleet put as a fixture; the mock fills in what each device leaves out, as for any fixture (a generated
  // fleet, src/domain/device-generator.ts, costs seconds of CPU to make that this test does not need).
  const fleet: Fixture = {
    devices: Array.from({ length: 20_000 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, deviceName: `DEV-${String(i).padStart(5, '0')}`,
      operatingSystem: i % 2 ? 'Windows' : 'Android', ...(i % 2 ? {} : { osVersion: '14' }),
      simulation: { enrollment: i % 2 ? 'device' : 'fullyManaged' },
    })),
  };
  t.equal((await control(mock.url, 'PUT', '/fixtures', fleet)).devices, 20_000);
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/_mock/devices')) requests.push(new URL(r.url()).search);
  });
  await page.goto(url('#/devices'));
  const table = page.getByRole('table', { name: 'Devices' });
  await page.getByRole('status').filter({ hasText: '20,000 devices' }).waitFor();
  t.equal(await table.locator('tbody tr').count(), 50, 'one page of 50');
  t.ok(requests.every((q) => /top=50/.test(q)), 'every list request asks for one page');
  const firstPage = await table.locator('tbody tr td:first-child').allTextContents();
  t.equal(firstPage[0], fleet.devices![0]!.deviceName, 'in enrolment order');

  t.ok(await page.getByRole('button', { name: 'Previous page' }).isDisabled(), 'no page before the first');
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByText('51–100 of 20,000').waitFor();
  t.equal(await table.locator('tbody tr td:first-child').first().textContent(), fleet.devices![50]!.deviceName, 'the second page');
  t.match(page.url(), /skip=50/, 'the page is in the hash');
  // Live: a device enrolled by another client shows in the total; the page stays where it was.
  await control(mock.url, 'POST', '/devices', { deviceName: 'LATE-ENROLLED', operatingSystem: 'Windows' });
  await page.getByText('51–100 of 20,001').waitFor();
  t.equal(await table.locator('tbody tr td:first-child').first().textContent(), 'DEV-00050', 'still the second page');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.getByText('1–50 of 20,001').waitFor();
  t.same(await table.locator('tbody tr td:first-child').allTextContents(), firstPage, 'back to the first page');
  t.same(pageErrors, []);
});

t.test('Device: actions greyed as the API says, Reset passcode through the dialog, its result live as the clock moves', { skip: browserSkip }, async (t) => {
  // A manual clock: the check-in that carries the action out comes only when the test moves time.
  const { page, url, pageErrors, mock } = await openConsole(t, { clock: new ManualClock() });
  const windows = (await control(mock.url, 'GET', `/devices/${DESKTOP}/actions`)).actions.find((a: any) => a.name === 'resetPasscode');
  t.equal(windows.available, false, 'the API greys Reset passcode out on Windows');

  await page.goto(url(`#/devices/${DESKTOP}`));
  await page.getByRole('heading', { name: 'DESKTOP-7H3K2LQ', level: 1 }).waitFor();
  const windowsActions = page.getByRole('region', { name: 'Remote actions' });
  const greyed = windowsActions.getByRole('button', { name: 'Reset passcode' });
  t.ok(await greyed.isDisabled(), 'Windows: Reset passcode disabled');
  const describedBy = await greyed.getAttribute('aria-describedby');
  t.equal(await page.locator(`[id="${describedBy}"]`).textContent(), windows.reason, 'the reason shown is the API\'s');
  t.ok(await page.locator(`[id="${describedBy}"]`).isVisible(), 'and visible');
  t.ok(await windowsActions.getByRole('button', { name: 'Sync' }).isEnabled(), 'Windows: Sync enabled');

  await page.goto(url(`#/devices/${PIXEL_8}`));
  await page.getByRole('heading', { name: 'Pixel 8', level: 1 }).waitFor();
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  const actions = page.getByRole('region', { name: 'Remote actions' });
  const reset = actions.getByRole('button', { name: 'Reset passcode' });
  t.ok(await reset.isEnabled(), 'work profile: Reset passcode enabled');
  t.equal(await reset.getAttribute('aria-describedby'), null, 'no reason on an enabled action');
  t.ok(await actions.getByRole('button', { name: 'Wipe' }).isDisabled(), 'work profile: Wipe disabled');

  // Cancel sends nothing.
  await reset.click();
  const dialog = page.getByRole('dialog', { name: 'Reset passcode' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Reset passcode', 'focus back on the button');
  t.same((await control(mock.url, 'GET', `/devices/${PIXEL_8}`)).pendingActions, [], 'Cancel sent nothing');

  await reset.click();
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await actions.getByRole('status').filter({ hasText: 'Reset passcode sent' }).waitFor();
  const results = page.getByRole('table', { name: 'Device action results' });
  const row = results.getByRole('row').filter({ hasText: 'resetPasscode' });
  await row.filter({ hasText: 'pending' }).waitFor();
  await page.getByRole('table', { name: 'Audits' }).getByRole('row').filter({ hasText: 'resetPasscode' }).waitFor();
  t.equal(await page.getByRole('table', { name: 'Pending actions' }).getByRole('row').filter({ hasText: 'resetPasscode' }).count(), 1, 'pending');

  // Another client moves the tenant's clock: the page follows without a reload.
  await control(mock.url, 'POST', '/clock', { advanceSeconds: 3600 });
  await row.filter({ hasText: 'done' }).waitFor();
  const passcode = (await control(mock.url, 'GET', `/devices/${PIXEL_8}`)).device.deviceActionResults.find((r: any) => r.actionName === 'resetPasscode').passcode;
  t.ok(await row.filter({ hasText: passcode }).isVisible(), 'the new passcode shown');
  await page.getByText('Nothing pending.').waitFor();
  t.same(pageErrors, []);
});

t.test('Device: parameters in the dialog, Graph\'s refusal in its words, an unknown device', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t, { clock: new ManualClock() });
  await page.goto(url(`#/devices/${DESKTOP}`));
  const actions = page.getByRole('region', { name: 'Remote actions' });
  await actions.getByRole('button', { name: 'Pause config refresh' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pause config refresh' });
  const minutes = dialog.getByRole('spinbutton', { name: 'pauseTimePeriodInMinutes' });
  t.equal(await minutes.getAttribute('max'), '1440', 'the range from the catalog');
  await minutes.fill('30');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await actions.getByRole('status').filter({ hasText: 'Pause config refresh sent' }).waitFor();
  const pending = (await control(mock.url, 'GET', `/devices/${DESKTOP}`)).pendingActions;
  t.same(pending.map((p: any) => [p.action, p.parameters]), [['pauseConfigurationRefresh', { pauseTimePeriodInMinutes: 30 }]], 'the body Graph got');

  await actions.getByRole('button', { name: 'Antivirus scan' }).click();
  const scan = page.getByRole('dialog', { name: 'Antivirus scan' });
  await scan.getByRole('checkbox', { name: 'quickScan' }).check();
  await scan.getByRole('button', { name: 'Confirm' }).click();
  await actions.getByRole('status').filter({ hasText: 'Antivirus scan sent' }).waitFor();

  // Graph refuses what the page cannot know in advance (parameters are not judged by /actions): its words shown.
  await actions.getByRole('button', { name: 'Rename device' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename device' });
  await rename.getByRole('textbox', { name: 'deviceName' }).fill('has a space');
  await rename.getByRole('button', { name: 'Confirm' }).click();
  const alert = actions.getByRole('alert');
  await alert.waitFor();
  t.notMatch(await alert.textContent(), /_version/, 'the Message, not the envelope');

  await page.goto(url('#/devices/00000000-0000-0000-0000-00000000dead'));
  const missing = page.getByRole('alert').filter({ hasText: 'deviceNotFound' });
  await missing.waitFor();
  t.equal(await missing.count(), 1, 'one error, in the API\'s words');
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Device');
  // Chromium logs every 4xx answer: the rename's 400 and this device's 404 are the ones the test asked for.
  t.same(pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of 40[04]/.test(e)), []);
});

t.test('Devices: a busy tenant (changes faster than the list answers) keeps at most one list request out, and the list ends current', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  await page.goto(url());
  await page.getByRole('status').filter({ hasText: /^\d+ devices$/ }).waitFor();
  // A slow list (a search over 100,000 devices takes a few hundred milliseconds): each answer held 600 ms.
  let out = 0;
  let most = 0;
  let sent = 0;
  await page.route(/\/_mock\/devices\?/, async (route) => {
    out++;
    sent++;
    most = Math.max(most, out);
    await new Promise((r) => setTimeout(r, 600));
    await route.continue().finally(() => out--);
  });
  // An integration at work: a change every 100 ms for 2 s (the stream tells the page at most every 200 ms).
  for (let i = 0; i < 20; i++) {
    await control(mock.url, 'POST', `/devices/${DESKTOP}/events`, { type: i % 2 === 0 ? 'goOffline' : 'goOnline' });
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 50));
  const beforeLast = sent - out; // requests sent and answered before the last change
  await control(mock.url, 'POST', `/devices/${DESKTOP}/events`, { type: 'goOffline' });
  for (let i = 0; i < 60 && (out > 0 || sent <= beforeLast + (out > 0 ? 1 : 0)); i++) await new Promise((r) => setTimeout(r, 100));
  t.ok(sent > beforeLast, 'the list was read again after the last change (what is shown is current)');
  t.equal(out, 0, 'nothing left out');
  t.ok(sent >= 2, `the list was read again (${sent} times)`);
  t.equal(most, 1, `at most one list request out at once (${most} were)`);
  t.same(pageErrors, []);
});
