/**
 * Code comments cite `docs/<file>.md#<anchor>`: every cited file exists and has a heading with that anchor
 * (GitHub's slugs), so a newcomer can follow every citation. And nothing cites a file outside the repository.
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs|cjs)$/.test(name) ? [p] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

const anchors = new Map<string, Set<string>>();
// Markdown files only: docs/console/ holds the console's screenshots.
for (const name of readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md'))) {
  const text = readFileSync(join(root, 'docs', name), 'utf8');
  anchors.set(name, new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!))));
}

// The product's code (tests may name docs/ paths as data, e.g. the Dockerfile replay's .dockerignore cases).
const sources = ['src', 'bench', 'scripts'].flatMap((d) => files(join(root, d)));

t.test('every docs/ citation in the code names an existing file and heading', async (t) => {
  let cited = 0;
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/docs\/([a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
      const [, doc, anchor] = m;
      cited++;
      t.ok(anchors.has(doc!), `${file.slice(root.length)}: docs/${doc} exists`);
      if (anchor) t.ok(anchors.get(doc!)?.has(anchor), `${file.slice(root.length)}: docs/${doc}#${anchor} is a heading`);
    }
  }
  t.ok(cited > 50, `the code cites docs/ (${cited} citations)`);
});

t.test('no code cites reference material outside the repository', async (t) => {
  // The team's reference notes (behaviour, graph-facts, real-clients, device-actions) cited by name or by
  // section sign; a section sign after an RFC number is a public citation.
  const outside = /\.\.\/shared\/|\b(behaviour\.md|graph-facts|real-clients)\b|device-actions\.md|(?<!RFC \d+ )§/;
  for (const file of [...sources, ...files(join(root, 'test'))]) {
    if (file.endsWith('docs-citations.test.ts')) continue;
    t.notMatch(readFileSync(file, 'utf8'), outside, file.slice(root.length));
  }
});
