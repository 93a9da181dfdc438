#!/usr/bin/env node
/**
 * The README's screenshots of the console (docs/console.md#screenshots): starts a mock with the default fleet
 * (fixtures/default.json) (run through tsx; the console's files from dist/console, so `npm run build` first: `npm run console:screenshots` does), makes a few
 * Graph calls so that the journal and the Device actions view have something to show, drives Chromium to each
 * view and writes docs/console/<view>.png at 1280×800.
 *
 *   npm run console:screenshots            (CHROMIUM_PATH=/path/to/chrome to use another Chromium)
 *
 * test/console/accessibility.test.ts checks that the README shows exactly these views' images, and runs axe on
 * each of these views.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The views shot, in the README's order: `{device}` is the first device of fixtures/default.json. */
export const SCREENSHOT_VIEWS = [
  { name: 'devices', hash: '#/devices', title: 'Devices' },
  { name: 'device', hash: '#/devices/{device}', title: 'A device' },
  { name: 'device-screen', hash: '#/devices/{device}/screen', title: 'Its screen' },
  { name: 'device-actions', hash: '#/actions', title: 'Device actions' },
  // The bench is longer than a screen: shot from its Faults heading, so the live journal is in the picture.
  { name: 'test-bench', hash: '#/bench', title: 'Test bench', scrollTo: 'Faults' },
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

async function main() {
  const executablePath = process.env.CHROMIUM_PATH || CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`No Chromium found (${CANDIDATES.join(', ')} or CHROMIUM_PATH). Debian/Ubuntu: apt-get install chromium`);
  // The source through tsx (dist/index.js is the library build; the console's files are what dist/console holds).
  // A computed specifier: the test bundler (scripts/build-tests.mjs) leaves it alone when a test imports the view list.
  const { startMock } = await import(new URL('../src/server.ts', import.meta.url).href);
  const { chromium } = await import('playwright-core');
  const device = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'default.json'), 'utf8')).devices[0].id;
  const out = join(ROOT, 'docs', 'console');
  mkdirSync(out, { recursive: true });

  const mock = await startMock({ auth: 'strict' });
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'] });
  try {
    // An integration's calls, so the journal and the audits are not empty: a list, and a sync of the device.
    const { access_token: token } = await (await fetch(`${mock.url}/_mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const auth = { authorization: `Bearer ${token}` };
    await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices?$top=5`, { headers: auth });
    await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices/${device}/syncDevice`, { method: 'POST', headers: auth });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    for (const view of SCREENSHOT_VIEWS) {
      await page.goto(`${mock.url}/_mock/console${view.hash.replace('{device}', device)}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByRole('status', { name: 'Live updates: Live' }).waitFor({ timeout: 5000 }).catch(() => {});
      await page.waitForFunction(() => !Array.from(document.querySelectorAll('[role="status"]')).some((s) => /^Loading\b/.test(s.textContent ?? '')));
      if (view.scrollTo) await page.getByRole('heading', { name: view.scrollTo, exact: true }).evaluate((h) => h.scrollIntoView());
      const file = join(out, `${view.name}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file.slice(ROOT.length)}`);
    }
  } finally {
    await browser.close();
    await mock.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
