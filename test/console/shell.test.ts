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
