/**
 * Another project that installs intune-mock, as README's "Install in another project" tells: a fresh
 * directory with its own package.json, npm run as a user runs it (no tap loader, no coverage: baseEnv), the
 * npm cache our own `npm ci` filled (`--prefer-offline`: npm asks the registry only for what the cache
 * lacks). `checkConsumer` then uses the installed package the three ways a project does: TypeScript types
 * of `intune-mock` and `intune-mock/client` (the project's tsc, ours here), the API at run time, the CLI
 * through npx; and it runs npm's engine check over the project's whole tree.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, exec, workspaceParent } from './dockerfile.js';
import { describe, excludedBy, installedPackages, minVersion, satisfies } from './engines.js';

export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string }; devDependencies: Record<string, string> };

export const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

/** A temporary directory in memory when there is room (npm writes thousands of files). */
export const workspace = (prefix: string): string => mkdtempSync(join(workspaceParent(), prefix));

export async function run(argv: string[], cwd: string, timeoutMs = 600_000, env: Record<string, string> = {}): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  const result = await exec(argv, { cwd, env: { ...baseEnv(), ...env }, timeoutMs });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/** A project that depends on nothing yet: an ES module package, like the README's test-suite examples. */
export function newProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  return dir;
}

/**
 * What `npm install <spec>` needs with it in a TypeScript project: @types/node (the mock's types use Node's),
 * at the version we build with, so that it comes from the cache.
 */
export const typesNode = `@types/node@${pkg.devDependencies['@types/node']}`;

/** A commit of the working tree as it is (tracked and new files, .gitignore honoured): what a clone would hold. */
export async function snapshotRepository(dir: string): Promise<string> {
  const list = await run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT, 30_000);
  if (list.code !== 0) throw new Error(`git ls-files failed:\n${list.output}`);
  for (const file of list.output.split('\0')) {
    if (file !== '' && existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(dir, file), { recursive: true, preserveTimestamps: true });
  }
  const git = ['git', '-c', 'user.name=intune-mock test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false'];
  for (const argv of [['git', 'init', '-q'], ['git', 'add', '-A'], [...git, 'commit', '-q', '-m', 'snapshot']]) {
    const r = await run(argv, dir, 60_000);
    if (r.code !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.output}`);
  }
  return dir;
}

const CHECK_TS = `import { startMock, type ManagedDevice, type RunningMock } from 'intune-mock';
import { MockAdminClient, MockAdminError, type CreatedDevice } from 'intune-mock/client';

export async function iosDevice(mock: RunningMock): Promise<ManagedDevice> {
  const created: CreatedDevice = await mock.client.createDevice({ operatingSystem: 'iOS' });
  return created.device;
}
export const client = new MockAdminClient('http://127.0.0.1:8080', 'contoso');
export const isMockError = (e: unknown): e is MockAdminError => e instanceof MockAdminError;
export const start = (): Promise<RunningMock> => startMock({ auth: 'off' });

// The types are the package's, not \`any\`: each line below must be an error.
// @ts-expect-error auth is strict, claims or off
void startMock({ auth: 'sometimes' });
// @ts-expect-error the client needs the mock's URL
void new MockAdminClient();
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
  files: ['check.ts'],
};

const RUN_MJS = `import { buildApp, loadConfig } from 'intune-mock';
import { MockAdminClient } from 'intune-mock/client';
const app = await buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off' }));
const res = await app.inject({ url: '/v1.0/deviceManagement/managedDevices?$top=2&$select=id', cookies: { session: 'x' } });
await app.close();
console.log(JSON.stringify({ status: res.statusCode, devices: JSON.parse(res.body).value.length, client: typeof MockAdminClient }));
`;

/** The assertions used here, of a tap test (`t`). */
type Assert = (...args: any[]) => unknown;
interface Tap {
  ok: Assert;
  notOk: Assert;
  equal: Assert;
  same: Assert;
  match: Assert;
}

/** The installed package: this version, with dist/ and the fixtures, without the sources. */
export function checkInstalled(t: Tap, project: string): string {
  const installed = join(project, 'node_modules', 'intune-mock');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
  t.equal(manifest.version, pkg.version, `intune-mock ${pkg.version} is installed`);
  for (const f of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/client/index.d.ts', 'fixtures/default.json']) t.ok(existsSync(join(installed, f)), `with ${f}`);
  t.notOk(existsSync(join(installed, 'src')) || existsSync(join(installed, 'test')), 'and neither src/ nor test/ (package.json "files")');
  return installed;
}

/** `npx intune-mock --help` in the project: the package's bin, linked by npm. */
export async function checkCli(t: Tap, project: string): Promise<void> {
  const npx = await run(['npx', 'intune-mock', '--help'], project, 60_000, { npm_config_yes: 'false' });
  t.equal(npx.code, 0, 'npx intune-mock --help', { output: npx.output });
  t.match(npx.output, /Usage:\s+intune-mock/);
}

/** npm's engine check over the project's whole tree: the lowest Node engines admits, and this one. */
export function checkEngines(t: Tap, project: string): void {
  const versions = [minVersion(pkg.engines.node), ...(satisfies(process.versions.node, pkg.engines.node) ? [process.versions.node] : [])];
  const excluded = excludedBy(installedPackages(join(project, 'node_modules')), versions);
  t.same(excluded, [], `no package of the project's tree leaves out Node ${versions.join(' or ')}${excluded.length ? `:\n${describe(excluded)}` : ''}`);
}

/** Uses intune-mock from `project` as a project does, and checks each use. */
export async function checkConsumer(t: Tap, project: string): Promise<void> {
  checkInstalled(t, project);

  writeFileSync(join(project, 'check.ts'), CHECK_TS);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  const tsc = await run([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project, 120_000);
  t.equal(tsc.code, 0, `tsc --noEmit: the types of intune-mock and intune-mock/client resolve (${tsc.seconds.toFixed(1)} s)`, { output: tsc.output });

  // Run where require() cannot load ES modules when this Node can say so (Node 20.18's behaviour): the
  // project's tree must work on the lowest Node engines admits, app.inject (light-my-request) included.
  const flags = process.allowedNodeEnvironmentFlags.has('--experimental-require-module') ? ['--no-experimental-require-module'] : [];
  writeFileSync(join(project, 'run.mjs'), RUN_MJS);
  const node = await run([process.execPath, ...flags, 'run.mjs'], project, 60_000);
  t.equal(node.code, 0, `import { buildApp } from 'intune-mock' runs${flags.length ? ' (require(esm) off)' : ''}`, { output: node.output });
  t.same(node.code === 0 ? JSON.parse(node.output.trim().split('\n').at(-1)!) : undefined, { status: 200, devices: 2, client: 'function' }, 'the default fleet, through app.inject with a cookie');

  await checkCli(t, project);
  checkEngines(t, project);
}

/** The compiled files (.js, .d.ts) under `dir`, relative to it. */
export function compiledFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? compiledFiles(dir, join(under, e.name)) : /\.(js|d\.ts)$/.test(e.name) ? [join(under, e.name)] : [],
  );
}
