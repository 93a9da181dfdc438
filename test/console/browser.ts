/**
 * The console's browser tests' kit (docs/console.md#tests): a real Chromium driven by playwright-core, against a
 * real listener of the mock. Debian's `chromium` package (`.ci/run` installs it with apt-get); another one with
 * CHROMIUM_PATH. Without one the tests say plainly that they are skipped, and why.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tap from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMock, type RunningMock } from '../../src/server.js';
import type { Fixture } from '../../src/schemas/fixture.js';
import type { Config } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { sharedSigningKey } from '../helpers/build.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to drive, or undefined when this machine has none. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

const chromiumPath = findChromium();

/** Why the browser tests cannot run here, or undefined: for `t.test(name, { skip }, ...)`. */
export const browserSkip: string | false = chromiumPath === undefined
  ? `no Chromium found (${CANDIDATES.join(', ')} or CHROMIUM_PATH): browser tests skipped. Debian/Ubuntu: apt-get install chromium`
  : false;
if (browserSkip) console.log(`# ${browserSkip}`);

interface Teardownable {
  teardown(fn: () => unknown): void;
}

let shared: Promise<Browser> | undefined;

/**
 * One kept CA for the process's mocks: a mock started without one makes its keys and signs its certificates
 * (about 1 s of CPU each start); nothing the console's tests check is about the CA being new.
 */
let caDir: string | undefined;
function sharedCaDir(): string {
  if (!caDir) {
    const dir = mkdtempSync(join(tmpdir(), 'intune-mock-console-ca-'));
    tap.teardown(() => rmSync(dir, { recursive: true, force: true }));
    caDir = join(dir, 'ca');
  }
  return caDir;
}

/** One browser per test process (each test gets its own context: no cookies or storage shared). */
async function browser(t: Teardownable): Promise<Browser> {
  if (!chromiumPath) throw new Error(String(browserSkip));
  if (!shared) {
    shared = chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    });
    const launched = shared;
    // Closed when the process's tests are done (the root's teardown): an open browser would keep it alive.
    tap.teardown(() => launched.then((b) => b.close()));
  }
  void t;
  return shared;
}

export interface ConsoleRun {
  mock: RunningMock;
  page: Page;
  /** The console's URL for `tenant` (`/_mock/console?tenant=…`), with a view's hash (`#/devices/…`). */
  url(hash?: string, tenant?: string): string;
  /** Errors the page logged or threw: a test ends by checking there are none. */
  pageErrors: string[];
}

/**
 * A mock on real ports and a fresh browser page. `config` as `startMock`'s (auth defaults to strict, as a
 * CI run's would be); the page's console errors and uncaught exceptions are collected.
 */
export async function openConsole(t: Teardownable, opts: { fixture?: Fixture; clock?: Clock; config?: Partial<Config> } = {}): Promise<ConsoleRun> {
  const mock = await startMock({
    auth: 'strict', ...opts.config,
    ...(opts.fixture ? { fixture: opts.fixture } : {}), ...(opts.clock ? { clock: opts.clock } : {}),
    signingKey: await sharedSigningKey, caDir: sharedCaDir(),
  });
  t.teardown(() => mock.close());
  const context = await (await browser(t)).newContext({ viewport: { width: 1280, height: 800 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console.error: ${msg.text()}`);
  });
  const url = (hash = '#/devices', tenant?: string) =>
    `${mock.url}/_mock/console${tenant ? `?tenant=${encodeURIComponent(tenant)}` : ''}${hash}`;
  return { mock, page, url, pageErrors };
}
