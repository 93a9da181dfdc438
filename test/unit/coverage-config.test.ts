/**
 * `npm test` measures coverage with c8 over every file of src/ (`.c8rc.json`, `all: true`), leaving out
 * only files that hold types and nothing else: they compile to no code, so nothing in them can run. This
 * keeps that list honest both ways: a file listed there must still compile to nothing, and a types-only
 * file not listed would count as uncovered lines that no test could ever cover. It reads what tsc emitted
 * in dist/ (`npm test` builds first, as the CLI tests need).
 */
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const c8rc = JSON.parse(readFileSync(new URL('../../.c8rc.json', import.meta.url), 'utf8')) as { exclude: string[]; include: string[]; all: boolean };

/** The code tsc emitted for a file of src/: its dist/ counterpart without comments and the `export {}` of an empty module. */
function emitted(file: string): string {
  return readFileSync(ROOT + file.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/^export \{\};$/m, '')
    .trim();
}

t.test('.c8rc.json leaves out exactly the files of src/ that compile to no code', async (t) => {
  t.equal(c8rc.all, true, 'files no test loads count too');
  t.ok(c8rc.include.includes('src/**'), 'src/ is measured');
  const sources = (readdirSync(ROOT + 'src', { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/${f.split('\\').join('/')}`)
    .sort();
  const typesOnly = sources.filter((f) => emitted(f) === '');
  t.same([...c8rc.exclude].sort(), typesOnly);
  t.ok(sources.length > typesOnly.length * 10, `${sources.length} files, ${typesOnly.length} of them types only`);
});
