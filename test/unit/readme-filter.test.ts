/**
 * The README's table of Intune's `$filter` quirks and docs/graph-fidelity.md's table of the properties Intune
 * filters on are the code's (src/graph/odata/intune-quirks.ts), via scripts/filter-quirks-tables.ts.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { INTUNE_FILTERABLE, INTUNE_FILTER_QUIRKS } from '../../src/graph/odata/intune-quirks.js';
import { managedDeviceModelV1 } from '../../src/schemas/managed-device.js';
import { filterablePropertiesTable, filterQuirksTable } from '../../scripts/filter-quirks-tables.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

t.test('the README holds the quirks table, the docs the properties table, verbatim', async (t) => {
  const quirks = filterQuirksTable();
  t.ok(read('README.md').includes(quirks), 'README holds the quirks table of scripts/filter-quirks-tables.ts');
  for (const q of INTUNE_FILTER_QUIRKS) t.match(quirks, `| \`${q.id}\` |`, `${q.id} has a row`);
  const properties = filterablePropertiesTable();
  t.ok(read('docs/graph-fidelity.md').includes(properties), 'docs/graph-fidelity.md holds the properties table');
  for (const name of Object.keys(INTUNE_FILTERABLE)) t.match(properties, `| \`${name}\` |`, `${name} has a row`);
});

t.test('the tables name real properties and public reports', async (t) => {
  for (const name of Object.keys(INTUNE_FILTERABLE)) t.ok(managedDeviceModelV1.properties.has(name), `${name} is a v1.0 property`);
  const ids = INTUNE_FILTER_QUIRKS.map((q) => q.id);
  t.equal(new Set(ids).size, ids.length, 'quirk ids are unique');
  for (const q of INTUNE_FILTER_QUIRKS) {
    t.match(q.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${q.id}: kebab-case (the header's syntax relies on it)`);
    t.ok(q.sources.length > 0 && q.sources.every((s) => /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues\/\d+$/.test(s)), `${q.id}: GitHub issues`);
  }
});
