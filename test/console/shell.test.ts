/**
 * The console's shell in a real Chromium (docs/console.md): served by the mock with no network, its menu, the
 * tenant switcher, the live indicator; the page's files are what `npm run build` wrote.
 */
import t from 'tap';
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
