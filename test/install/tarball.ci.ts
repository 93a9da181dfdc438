/**
 * A CI check, not part of `npm test` (`npm run test:slow`, run by `.ci/run`): npm's own install is most of
 * its half a minute of CPU, nothing of this package's code that the suite does not already run.
 * Install from a tarball (README "Install in another project"): `npm pack` in this repository (its
 * `prepare` script builds dist/ if it is out of date), then `npm install <file>.tgz` in a fresh project.
 */
import t from 'tap';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkConsumer, newProject, NPM_FLAGS, ROOT, run, typesNode, workspace } from '../helpers/consumer.js';

t.setTimeout(15 * 60_000); // a loaded machine; the figure this usually takes is in the test's comments

t.test('npm pack, then npm install of the tarball in another project', async (t) => {
  const started = Date.now();
  const ws = workspace('intune-mock-tarball-');
  t.teardown(() => rmSync(ws, { recursive: true, force: true }));

  const pack = await run(['npm', 'pack', '--pack-destination', ws, ...NPM_FLAGS], ROOT);
  t.equal(pack.code, 0, `npm pack (${pack.seconds.toFixed(1)} s)`, { output: pack.output });
  const tarball = pack.output.trim().split('\n').at(-1)!.trim();
  t.match(tarball, /^intune-mock-\d+\.\d+\.\d+\.tgz$/, 'it names the tarball');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  t.ok(readme.includes(`# writes ${tarball}`) && readme.includes(`npm install --save-dev /path/to/${tarball}`), `the README's commands name ${tarball}`);

  const project = newProject(join(ws, 'project'));
  const install = await run(['npm', 'install', join(ws, tarball), typesNode, ...NPM_FLAGS], project);
  t.equal(install.code, 0, `npm install ./${tarball} (${install.seconds.toFixed(1)} s)`, { output: install.output });
  t.notMatch(install.output, /EBADENGINE/, 'no engine warning');

  await checkConsumer(t, project);
  t.comment(`tarball install and checks: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
