/**
 * The device's screen and the Device actions view in a real Chromium (docs/console.md): the user's prompts
 * drawn from the device's state, the buttons sending the control API's device events (a refusal in the API's
 * words), and the tenant's remoteActionAudits newest first, live.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import type { Page } from 'playwright-core';
import { browserSkip, openConsole } from './browser.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const TENANT = 'contoso.onmicrosoft.com';

/**
 * axe-core's WCAG 2 A/AA violations on the page as it is (rule id and the elements), evaluated through the
 * DevTools protocol: the console's CSP allows no injected script tag.
 */
async function axeViolations(page: Page): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const { violations } = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

/** A small client of the mock for the test's own calls: the control API, and Graph with an app token. */
function client(base: string) {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/_mock${path}`, {
      method,
      headers: { 'x-mock-tenant': TENANT, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.text().then((s) => (s ? JSON.parse(s) : undefined))) as any };
  };
  let token: string | undefined;
  const graph = async (method: string, path: string) => {
    token ??= (await control('POST', '/tokens', {})).json.access_token as string;
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, json: (await res.text().then((s) => (s ? JSON.parse(s) : undefined))) as any };
  };
  return { control, graph, advance: (advanceSeconds: number) => control('POST', '/clock', { advanceSeconds }) };
}

t.test('a work profile device: the reset-token prompt, activated on the screen; a refusal in the API\'s words', { skip: browserSkip }, async (t) => {
  // Android 10, personally-owned work profile, its work-profile passcode set, the token not active: the 2025
  // rules accept resetPasscode and it ends notSupported (test/simulation/reset-passcode-rules.test.ts).
  const fixture = simFixture([
    android('wp', '10', { enrollment: 'workProfile', resetToken: 'inactive', workProfilePasscode: { set: true } }),
    android('locked', '13', { enrollment: 'fullyManaged', locked: true, passcode: { set: true, value: '2468' } }),
  ]);
  const { page, url, pageErrors, mock } = await openConsole(t, { fixture, config: { ruleset: '2025' } });
  const api = client(mock.url);

  t.equal((await api.graph('POST', '/v1.0/deviceManagement/managedDevices/wp/resetPasscode')).status, 204, 'resetPasscode accepted');
  await api.advance(5); // past the check-in delay: the device applies it
  const result = (await api.graph('GET', '/v1.0/deviceManagement/managedDevices/wp?$select=deviceActionResults')).json.deviceActionResults[0];
  t.equal(result.actionState, 'notSupported', 'not supported until the token is active');

  await page.goto(url('#/devices/wp/screen'));
  await page.getByRole('heading', { name: 'Screen of android-wp' }).waitFor();
  const screen = page.getByRole('region', { name: 'Device screen' });
  const prompt = screen.getByText('Activate the reset token', { exact: true });
  await prompt.waitFor();
  t.ok(await page.getByRole('link', { name: 'Back to android-wp' }).isVisible(), 'a link back to the device');
  t.ok(await page.getByRole('button', { name: 'Unlock' }).isDisabled(), 'Unlock greyed out: the device is not locked');

  await page.getByRole('button', { name: 'Activate reset token' }).click();
  await page.getByRole('status').filter({ hasText: 'Activate reset token: done' }).waitFor();
  await prompt.waitFor({ state: 'detached' });
  t.ok(await page.getByRole('button', { name: 'Activate reset token' }).isDisabled(), 'nothing left to activate');
  const state = (await api.control('GET', '/devices/wp')).json;
  t.equal(state.simulation.resetToken, 'active', 'the click reached the device');

  // The admin resets again through Graph; at the check-in the new passcode reaches the screen, live (no reload).
  await page.evaluate(() => ((window as unknown as { mark: number }).mark = 7));
  t.equal((await api.graph('POST', '/v1.0/deviceManagement/managedDevices/wp/resetPasscode')).status, 204, 'reset again');
  await api.advance(5);
  const again = (await api.graph('GET', '/v1.0/deviceManagement/managedDevices/wp?$select=deviceActionResults')).json.deviceActionResults[0];
  t.equal(again.actionState, 'done', 'done once the token is active');
  const card = screen.getByRole('listitem').filter({ hasText: 'Your passcode was reset' });
  await card.waitFor();
  t.match(await card.textContent(), again.passcode, 'the card shows the passcode Graph returned');
  t.equal(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 7, 'no reload');
  t.same(await axeViolations(page), [], 'no accessibility violations (axe, WCAG 2.2 AA)');

  // A locked device: the lock screen; the wrong passcode is the server's 409, shown in its words.
  await page.goto(url('#/devices/locked/screen'));
  await page.getByRole('heading', { name: 'Screen of android-locked' }).waitFor();
  await screen.getByText('Enter your passcode to unlock.').waitFor();
  await page.getByRole('textbox', { name: 'Passcode', exact: true }).fill('0000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.textContent(), /conflict: The device locked cannot do that now: that is not the passcode\./, 'the 409 in the API\'s words');
  t.equal((await api.control('GET', '/devices/locked')).json.simulation.locked, true, 'still locked');

  await page.getByRole('textbox', { name: 'Passcode', exact: true }).fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('status').filter({ hasText: 'Unlock: done' }).waitFor();
  await screen.getByText('Enter your passcode to unlock.').waitFor({ state: 'detached' });
  t.equal(await page.getByRole('alert').count(), 0, 'the old refusal is gone');

  // The device's own controls follow its state: offline, it cannot check in until it is back online.
  await page.getByRole('button', { name: 'Go offline' }).click();
  await screen.getByText('Offline: no connection').waitFor();
  t.ok(await page.getByRole('button', { name: 'Check in' }).isDisabled(), 'Check in greyed out while offline');
  t.equal(await page.getByRole('button', { name: 'Check in' }).getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent()), 'the device is offline', 'with the reason');
  await page.getByRole('button', { name: 'Go online' }).click();
  await page.getByRole('status').filter({ hasText: 'Go online: done' }).waitFor();
  t.ok(await page.getByRole('button', { name: 'Check in' }).isEnabled(), 'Check in back once online');
  t.equal((await api.control('GET', '/devices/locked')).json.simulation.online, true, 'the device is online');
  // The one error is the refusal the test asked for: Chromium logs every non-2xx fetch to the console.
  t.same(pageErrors, ['console.error: Failed to load resource: the server responded with a status of 409 (Conflict)']);
});

t.test('Device actions: the audits of actions sent through Graph, newest first, live', { skip: browserSkip }, async (t) => {
  const fixture = simFixture([
    android('phone-a', '14', { enrollment: 'fullyManaged' }),
    android('phone-b', '14', { enrollment: 'fullyManaged' }),
  ]);
  const { page, url, pageErrors, mock } = await openConsole(t, { fixture });
  const api = client(mock.url);
  await page.goto(url('#/actions'));
  await page.getByRole('heading', { name: 'Device actions' }).waitFor();
  await page.getByRole('status').filter({ hasText: '0 device actions' }).waitFor();
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  // A mark on the page's window: still there at the end, so nothing below reloaded the page.
  await page.evaluate(() => ((window as unknown as { mark: number }).mark = 42));

  t.equal((await api.graph('POST', '/v1.0/deviceManagement/managedDevices/phone-a/rebootNow')).status, 204, 'rebootNow accepted');
  const table = page.getByRole('table', { name: 'Device actions' });
  const rows = table.getByRole('row');
  await rows.filter({ hasText: 'Restart' }).filter({ hasText: 'Pending' }).waitFor();
  await api.advance(5); // the device checks in and restarts: the audit's state follows
  await rows.filter({ hasText: 'Restart' }).filter({ hasText: 'Done' }).waitFor();
  t.equal((await api.graph('POST', '/v1.0/deviceManagement/managedDevices/phone-b/remoteLock')).status, 204, 'remoteLock accepted');
  await rows.filter({ hasText: 'Remote lock' }).waitFor();

  const cells = async (i: number) => (await rows.nth(i).getByRole('cell').allTextContents()).map((s) => s.trim());
  t.match(await cells(1), ['Remote lock', 'android-phone-b', 'Pending'], 'the newest first');
  t.match(await cells(2), ['Restart', 'android-phone-a', 'Done'], 'then the older one, done');
  t.equal(await rows.count(), 3, 'a header row and two audits');
  t.equal(await table.getByRole('link', { name: 'android-phone-b' }).getAttribute('href'), '#/devices/phone-b', 'the device name links to its page');
  t.equal(await page.evaluate(() => (window as unknown as { mark?: number }).mark), 42, 'no reload');
  t.same(await axeViolations(page), [], 'no accessibility violations (axe, WCAG 2.2 AA)');
  t.same(pageErrors, []);
});
