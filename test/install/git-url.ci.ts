/**
 * A CI check, not part of `npm test` (`npm run test:slow`, run by `.ci/run`): too slow for the suite.
 * Install from a git URL (README "Install in another project"): a commit of this working tree in a
 * temporary repository, and `npm install git+file://…` of it in a fresh project. npm clones it, installs
 * the clone's dependencies, dev ones included, which runs its `prepare` script (tsc builds dist/), packs
 * it as `npm pack` would and installs that: the path of `github:<owner>/intune-mock`, without the network.
 *
 * The slow part is npm's own and a user's git install pays it too: some 440 packages into the clone, then
 * tsc (about a minute of CPU in all). So this test checks what the git path adds to the tarball one
 * (test/install/tarball.ci.ts, which uses the package from TypeScript and at run time): that the clone's
 * build is this repository's dist/, file for file, that npm links the CLI and installs no engine-excluded
 * package.
 */
import t from 'tap';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkCli, checkEngines, checkInstalled, compiledFiles, newProject, NPM_FLAGS, ROOT, run, snapshotRepository, workspace } from '../helpers/consumer.js';

const script = new URL('../../scripts/build-if-stale.mjs', import.meta.url).href; // plain JavaScript: no types
const { staleReason } = (await import(script)) as { staleReason(dir?: string): string | undefined };

t.setTimeout(15 * 60_000); // a loaded machine; the figure this usually takes is in the test's comments

t.test('npm install git+file:// of a clone in another project', async (t) => {
  const started = Date.now();
  const ws = workspace('intune-mock-git-');
  t.teardown(() => rmSync(ws, { recursive: true, force: true }));
  const repo = join(ws, 'intune-mock.git');
  mkdirSync(repo);
  await snapshotRepository(repo);

  t.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'npm install --save-dev git+https://github.com/', 'the README says how');
  const project = newProject(join(ws, 'project'));
  const install = await run(['npm', 'install', `git+file://${repo}`, ...NPM_FLAGS], project);
  t.equal(install.code, 0, `npm install git+file://… (${install.seconds.toFixed(1)} s)`, { output: install.output });
  t.notMatch(install.output, /EBADENGINE/, 'no engine warning');

  const installed = checkInstalled(t, project);
  t.equal(staleReason(ROOT), undefined, "this repository's dist/ is current (npm run build), to compare with");
  const ours = compiledFiles(join(ROOT, 'dist')).sort();
  const theirs = compiledFiles(join(installed, 'dist')).sort();
  t.same(theirs, ours, `the clone's prepare built the same ${ours.length} files`);
  const differing = ours.filter((f) => theirs.includes(f) && !readFileSync(join(ROOT, 'dist', f)).equals(readFileSync(join(installed, 'dist', f))));
  t.same(differing, [], 'with the same contents');

  await checkCli(t, project);
  checkEngines(t, project);
  t.comment(`git install and checks: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
