import t from 'tap';
import { readFileSync } from 'node:fs';
import { OPTIONS, envName } from '../../src/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test('the README configuration table lists exactly the options, variables and defaults the code has', async (t) => {
  const rows = readme
    .split('\n')
    .filter((l) => l.startsWith('| `--'))
    .map((l) => l.split('|').map((c) => c.trim()));
  const documented = rows.map((r) => ({ flag: r[1]!.replace(/`/g, '').split(' ')[0], env: r[2]!.replace(/`/g, ''), def: r[3]!.replace(/`/g, '') }));
  t.same(documented.map((d) => d.flag), OPTIONS.map((o) => `--${o.flag}`), 'same flags, same order');
  for (const o of OPTIONS) {
    const row = documented.find((d) => d.flag === `--${o.flag}`);
    t.equal(row?.env, envName(o), `${o.flag} variable`);
    if (o.default !== undefined) t.equal(row?.def, String(o.default), `${o.flag} default`);
  }
});

t.test('the quick start names the commands package.json has', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  t.match(readme, 'npm ci && npm start');
  t.match(readme, 'npm ci && npm test');
  t.ok(pkg.scripts.start && pkg.scripts.test);
  t.match(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8'), /npm ci[\s\S]*npm test/);
});
