/**
 * The console's promise (issue 19, docs/console.md), end to end in a real Chromium: a QA engineer finds a device,
 * resets its passcode, plays its user through the prompt and watches the action's state change; a developer sees
 * an integration's Graph call (the official SDK, over the mock's HTTPS listener) arrive live, without a reload.
 */
import t from 'tap';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';
import { ManualClock } from '../../src/domain/clock.js';
import { android, simFixture } from '../helpers/sim-fixture.js';
import { browserSkip, openConsole } from './browser.js';

const WP = android('wp-inactive', '10', { enrollment: 'workProfile', resetToken: 'inactive', workProfilePasscode: { set: true, value: '1234' } });
const WINDOWS = { id: 'win-1', deviceName: 'win-desk-1', operatingSystem: 'Windows', osVersion: '10.0.22631.4460', simulation: { enrollment: 'device' as const } };

t.test('find a work-profile device, reset its passcode, activate the token on its screen, reset again', { skip: browserSkip }, async (t) => {
  const clock = new ManualClock();
  const { page, url, pageErrors, mock } = await openConsole(t, { fixture: simFixture([WP, WINDOWS]), clock, config: { checkInDelay: 5 } });
  const advance = async (seconds: number) => {
    const res = await fetch(`${mock.url}/_mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
    t.equal(res.status, 200);
  };

  // Find it: the fleet filtered by platform.
  await page.goto(url());
  await page.getByRole('status').filter({ hasText: /^2 devices$/ }).waitFor();
  await page.getByLabel('Platform').selectOption('android');
  await page.getByRole('status').filter({ hasText: /^1 device$/ }).waitFor();
  await page.getByRole('table', { name: 'Devices' }).getByRole('link', { name: WP.deviceName! }).click();
  await page.getByRole('heading', { name: WP.deviceName! }).waitFor();

  const results = page.getByRole('table', { name: 'Device action results' });
  const resetRow = results.getByRole('row').filter({ hasText: 'resetPasscode' });
  const reset = async () => {
    await page.getByRole('region', { name: 'Remote actions' }).getByRole('button', { name: 'Reset passcode' }).click();
    await page.getByRole('dialog', { name: 'Reset passcode' }).getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Reset passcode sent' }).waitFor();
  };

  // Reset: accepted, then notSupported at check-in (the reset token is not active), shown live.
  await reset();
  await resetRow.filter({ hasText: 'pending' }).waitFor();
  await advance(10);
  await resetRow.filter({ hasText: 'notSupported' }).waitFor();

  // The user's screen prompts to activate the token; the user does.
  await page.getByRole('link', { name: 'Open the device\'s screen' }).click();
  const screen = page.getByRole('region', { name: 'Device screen' });
  await screen.getByText(/reset token/i).first().waitFor();
  await page.getByRole('button', { name: 'Activate reset token' }).click();
  await page.getByRole('status').filter({ hasText: /activat/i }).waitFor();

  // Reset again: done, with the new passcode shown to the admin.
  await page.getByRole('link', { name: `Back to ${WP.deviceName!}` }).click();
  await reset();
  await advance(10);
  await resetRow.filter({ hasText: 'done' }).waitFor();
  const device = await (await fetch(`${mock.url}/_mock/devices/${WP.id}`)).json() as { device: { deviceActionResults: Array<{ actionName: string; actionState: string; passcode?: string }> } };
  const done = device.device.deviceActionResults.find((r) => r.actionName === 'resetPasscode' && r.actionState === 'done');
  t.ok(done?.passcode, 'the API has the new passcode');
  await resetRow.filter({ hasText: done!.passcode! }).waitFor();
  t.same(pageErrors, []);
});

t.test('a Graph SDK call from an integration appears on the open page without a reload', { skip: browserSkip }, async (t) => {
  const clock = new ManualClock();
  const { page, url, pageErrors, mock } = await openConsole(t, { fixture: simFixture([WP, WINDOWS]), clock });
  await page.goto(url(`#/devices/${WINDOWS.id}`));
  await page.getByRole('heading', { name: WINDOWS.deviceName }).waitFor();
  let navigations = 0;
  page.on('framenavigated', () => navigations++);

  // The integration: the official JavaScript SDK over the real HTTPS listener, trusting the mock's CA.
  const minted = await (await fetch(`${mock.url}/_mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { access_token: string };
  const client = Client.initWithMiddleware({
    baseUrl: mock.httpsUrl,
    customHosts: new Set([new URL(mock.httpsUrl).hostname]),
    authProvider: { getAccessToken: async () => minted.access_token },
    fetchOptions: { dispatcher: new Agent({ connect: { ca: mock.caPem } }) } as never,
  });
  await client.api(`/deviceManagement/managedDevices/${WINDOWS.id}/rebootNow`).post({});

  await page.getByRole('table', { name: 'Device action results' }).getByRole('row').filter({ hasText: 'rebootNow' }).waitFor({ timeout: 5000 });
  t.equal(navigations, 0, 'shown live, not by reloading the page');
  await page.getByRole('link', { name: 'Device actions' }).click();
  await page.getByRole('table', { name: 'Device actions' }).getByRole('row').filter({ hasText: WINDOWS.deviceName }).first().waitFor();
  t.same(pageErrors, []);
});
