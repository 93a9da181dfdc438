/**
 * The console's Test bench in a real Chromium (docs/console.md#test-bench): the tenant's clock moved from the
 * page, a fault rule added from the page answering the test's own Graph call, and the request journal showing
 * the test's Graph requests live, emptied by `Clear`. Every step waits for what the page shows; time moves by
 * `POST /_mock/clock` (from the page), never by waiting.
 */
import t, { type Test } from 'tap';
import { startMock } from '../../src/server.js';
import { sharedSigningKey } from '../helpers/build.js';
import { browserSkip, openConsole } from './browser.js';

/**
 * The page's errors, less the one line Chromium logs for each refusal a test provoked on purpose (it logs every
 * non-2xx answer to fetch as "Failed to load resource"): exactly `refusals` of them, and nothing else.
 */
function unexpected(t: Test, pageErrors: string[], refusals: number): string[] {
  const provoked = pageErrors.filter((e) => /Failed to load resource: .* status of 400/.test(e));
  t.equal(provoked.length, refusals, 'the provoked refusals, each logged once by Chromium');
  return pageErrors.filter((e) => !provoked.includes(e));
}

/** A Graph call as an integration would make it: an app token from the control API, then the request. */
async function graphGet(base: string, path: string): Promise<Response> {
  const minted = await fetch(`${base}/_mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { access_token: token } = (await minted.json()) as { access_token: string };
  return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

t.test('the clock advances from the page', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  await page.goto(url('#/bench'));
  await page.getByRole('heading', { name: 'Test bench', level: 1 }).waitFor();
  const clock = page.getByRole('region', { name: 'Clock' });
  const shown = clock.locator('time');
  await shown.waitFor();
  const before = Date.parse((await shown.getAttribute('datetime'))!);
  t.ok(Number.isFinite(before), 'the tenant\'s time is shown');
  const tenantId = (await (await fetch(`${mock.url}/_mock/clock`)).json() as { tenant: string }).tenant;
  t.ok(await page.getByRole('region', { name: 'Tenant' }).getByText(tenantId).isVisible(), 'the resolved tenant id is shown');

  await clock.getByRole('spinbutton', { name: 'Advance by (seconds)' }).fill('86400');
  await clock.getByRole('button', { name: 'Advance clock' }).click();
  await clock.getByRole('status').filter({ hasText: 'Clock advanced to' }).waitFor();
  await page.waitForFunction((b) => {
    const el = document.querySelector('[aria-labelledby="bench-clock-heading"] time');
    return el !== null && Date.parse(el.getAttribute('datetime') ?? '') >= b + 86_400_000;
  }, before);
  const after = Date.parse((await shown.getAttribute('datetime'))!);
  t.ok(after - before >= 86_400_000 && after - before < 86_400_000 + 60_000, 'the shown time moved one day');
  const server = Date.parse((await (await fetch(`${mock.url}/_mock/clock`)).json() as { now: string }).now);
  t.ok(server >= before + 86_400_000, 'the mock\'s clock moved (the page called the control API)');

  // A refusal is shown in the API's words.
  await clock.getByRole('spinbutton', { name: 'Advance by (seconds)' }).fill('-5');
  await clock.getByRole('button', { name: 'Advance clock' }).click();
  t.match(await clock.getByRole('alert').textContent(), /invalidRequest/);
  t.same(unexpected(t, pageErrors, 1), []);
});

t.test('a fault rule added from the page answers the test\'s Graph call', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  await page.goto(url('#/bench'));
  const faults = page.getByRole('region', { name: 'Faults' });
  const form = faults.getByRole('form', { name: 'Add a fault rule' });
  await form.getByLabel('Path').fill('/v1.0/deviceManagement/managedDevices');
  await form.getByLabel('Status', { exact: true }).fill('503');
  await form.getByLabel('Times').fill('1');
  await form.getByRole('button', { name: 'Add fault rule' }).click();
  await faults.getByRole('status').filter({ hasText: 'Fault rule added' }).waitFor();
  const table = faults.getByRole('table', { name: 'Fault rules' });
  await table.getByRole('row').filter({ hasText: '/v1.0/deviceManagement/managedDevices' }).waitFor();

  const answered = await graphGet(mock.url, '/v1.0/deviceManagement/managedDevices');
  t.equal(answered.status, 503, 'the rule answered');
  t.ok(answered.headers.get('x-mock-fault'), 'named by x-mock-fault');
  const again = await graphGet(mock.url, '/v1.0/deviceManagement/managedDevices');
  t.equal(again.status, 200, 'times 1: spent');

  // Refused rules come back in the API's words; Remove all empties the table.
  await form.getByLabel('Status', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Add fault rule' }).click();
  t.match(await faults.getByRole('alert').textContent(), /a rule needs a status, a latencyMs, or both/);
  await form.getByLabel('Status', { exact: true }).fill('500');
  await form.getByLabel('Times').fill('5');
  await form.getByRole('button', { name: 'Add fault rule' }).click();
  await table.getByRole('row').filter({ hasText: '0 of 5' }).waitFor();
  await faults.getByRole('button', { name: 'Remove all' }).click();
  await table.getByText('No fault rules').waitFor();
  const listed = await (await fetch(`${mock.url}/_mock/faults`)).json() as { faults: unknown[] };
  t.same(listed.faults, [], 'removed in the mock');
  t.same(unexpected(t, pageErrors, 1), []);
});

t.test('the journal shows the test\'s Graph requests live; Clear empties it', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors, mock } = await openConsole(t);
  await page.goto(url('#/bench'));
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  const requests = page.getByRole('region', { name: 'Requests' });
  const table = requests.getByRole('table', { name: 'Requests' });
  await table.getByText('No requests yet.').waitFor();

  t.equal((await graphGet(mock.url, '/v1.0/deviceManagement/managedDevices?$top=1')).status, 200);
  t.equal((await graphGet(mock.url, '/beta/deviceManagement/remoteActionAudits')).status, 200);
  await table.getByRole('row').filter({ hasText: '/beta/deviceManagement/remoteActionAudits' }).waitFor();
  await table.getByRole('row').filter({ hasText: '/v1.0/deviceManagement/managedDevices' }).waitFor();
  t.match(await table.getByRole('row').nth(1).textContent(), /GET.*remoteActionAudits.*200/, 'newest first: the later call on top');
  t.match(await table.getByRole('row').nth(2).textContent(), /GET.*managedDevices.*200/, 'then the earlier one');

  await requests.getByRole('button', { name: 'Clear' }).click();
  await table.getByText('No requests yet.').waitFor();
  const journal = await (await fetch(`${mock.url}/_mock/requests`)).json() as { requests: unknown[] };
  t.same(journal.requests, [], 'cleared in the mock');
  t.same(pageErrors, []);
});

t.test('after the mock restarts, the journal shows the new mock\'s requests only (its ids start again at 1)', { skip: browserSkip }, async (t) => {
  const first = await openConsole(t);
  const { page, url, pageErrors } = first;
  await page.goto(url('#/bench'));
  const table = page.getByRole('region', { name: 'Requests' }).getByRole('table', { name: 'Requests' });
  t.equal((await graphGet(first.mock.url, '/v1.0/deviceManagement/managedDevices?$top=1')).status, 200);
  await table.getByRole('row').filter({ hasText: '/v1.0/deviceManagement/managedDevices' }).waitFor();

  const port = Number(new URL(first.mock.url).port);
  await first.mock.close();
  await page.getByRole('status', { name: 'Live updates: Reconnecting…' }).waitFor();
  const second = await startMock({ auth: 'strict', httpPort: port, signingKey: await sharedSigningKey });
  t.teardown(() => second.close());
  await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
  t.equal((await graphGet(second.url, '/beta/deviceManagement/remoteActionAudits')).status, 200);
  await table.getByRole('row').filter({ hasText: '/beta/deviceManagement/remoteActionAudits' }).waitFor();
  t.equal(await table.getByRole('row').filter({ hasText: '/v1.0/deviceManagement/managedDevices' }).count(), 0, 'the old mock\'s requests are gone');
  t.same(pageErrors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
});
