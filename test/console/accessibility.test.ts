/**
 * The console's accessibility (issue 19, docs/console.md#tests): axe-core (https://github.com/dequelabs/axe-core)
 * run in Chromium on every view against the WCAG 2 A and AA rules, no violation of impact serious or critical;
 * keyboard use from the top of the page (the menu, the first filter, a device link opened with Enter); and the
 * README's screenshots: each image exists and scripts/console-screenshots.mjs shoots exactly those views.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import t from 'tap';
import type { Page } from 'playwright-core';
import { browserSkip, openConsole } from './browser.js';
// @ts-expect-error: a JavaScript script without types
import { SCREENSHOT_VIEWS as VIEWS } from '../../scripts/console-screenshots.mjs';

const SCREENSHOT_VIEWS = VIEWS as { name: string; hash: string; title: string; scrollTo?: string }[];

/**
 * axe-core's source, evaluated in the page through the DevTools protocol: the console's CSP (script-src 'self')
 * rightly refuses an injected <script> (page.addScriptTag), and the test must not weaken the page it checks.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DEVICE_ID = (JSON.parse(readFileSync('fixtures/default.json', 'utf8')) as { devices: { id: string }[] }).devices[0]!.id;

interface Violation { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/** The view's serious and critical WCAG 2 A/AA violations, one line each (rule, help, first targets). */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations;
  }, WCAG_TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** Waits for the view to be drawn: its heading, no `Loading …` status left, the stream live. */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('[role="status"]')).some((s) => /^Loading\b/.test(s.textContent ?? '')));
}

t.test('every view: no serious or critical WCAG 2 A/AA violation (axe-core)', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors } = await openConsole(t);
  for (const view of SCREENSHOT_VIEWS) {
    await page.goto(url(view.hash.replace('{device}', DEVICE_ID)));
    await settled(page);
    t.same(await axeViolations(page), [], `${view.name}: ${view.hash}`);
  }
  t.same(pageErrors, []);
});

/** What has the keyboard focus: its role-ish kind and its accessible name as the test names it. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? el.textContent?.trim() ?? '';
    const kind = el.tagName === 'A' ? 'link' : el.tagName === 'INPUT' ? `input[${(el as HTMLInputElement).type}]` : el.tagName.toLowerCase();
    const table = el.closest('table')?.getAttribute('aria-label');
    return `${kind} ${label}${table ? ` in ${table}` : ''}`;
  });
}

t.test('keyboard: Tab from the top reaches the menu and the first filter; Enter opens a device', { skip: browserSkip }, async (t) => {
  const { page, url, pageErrors } = await openConsole(t);
  await page.goto(url('#/devices'));
  await page.getByRole('table', { name: 'Devices' }).getByRole('link').first().waitFor();
  const stops: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(now);
    if (now.endsWith(' in Devices') && now.startsWith('link ')) break;
  }
  const at = (name: string) => stops.indexOf(name);
  for (const name of ['link Devices', 'link Device actions', 'link Test bench']) t.ok(at(name) >= 0, `Tab reaches the menu's ${name}`);
  const search = stops.findIndex((s) => /^input\[search\]/.test(s) || s.startsWith('input[text] Search devices'));
  t.ok(search > at('link Test bench'), 'after the menu, Tab reaches the first filter (Search devices)', { stops });
  const deviceLink = stops.at(-1) ?? '';
  t.match(deviceLink, /^link .* in Devices$/, 'and then a device link', { stops });

  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/devices\/[^/]+$/);
  await page.getByRole('heading', { level: 1, name: deviceLink.replace(/^link /, '').replace(/ in Devices$/, '') }).waitFor();
  t.pass('Enter on a device link opens the device');
  t.same(pageErrors, []);
});

t.test('the README shows a screenshot of each view, the ones scripts/console-screenshots.mjs writes', async (t) => {
  const readme = readFileSync('README.md', 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\((docs\/console\/[^)\s]+\.png)\)/g)].map((m) => m[1]!);
  t.same(images.sort(), SCREENSHOT_VIEWS.map((v) => `docs/console/${v.name}.png`).sort(), 'README images = the script\'s views');
  for (const image of images) t.ok(existsSync(image), `${image} exists`);
});
