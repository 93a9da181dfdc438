/**
 * The README's table of Intune's `$filter` quirks and the table of the properties Intune filters on
 * (docs/graph-fidelity.md#filter), both built from `src/graph/odata/intune-quirks.ts`, so the docs cannot
 * drift from the code: `test/unit/readme-filter.test.ts` checks the README and the docs hold exactly these.
 * `npx tsx scripts/filter-quirks-tables.ts` prints both.
 */
import { INTUNE_FILTERABLE, INTUNE_FILTER_QUIRKS } from '../src/graph/odata/intune-quirks.js';

/** `[microsoft-graph-docs #16027](https://github.com/…/issues/16027)`; the CSDL as `description`; other sources as they are. */
function link(source: string): string {
  const m = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/issues\/(\d+)$/.exec(source);
  if (m) return `[${m[1]} #${m[2]}](${source})`;
  return source.startsWith('https://learn.microsoft.com/') ? 'its description' : source;
}

export function filterQuirksTable(): string {
  const rows = INTUNE_FILTER_QUIRKS.map((q) => `| \`${q.id}\` | ${q.trigger} | ${q.intune} | ${q.sources.map(link).join(', ')} |`);
  return ['| Quirk | When the filter has | Real Intune | Reported in |', '|---|---|---|---|', ...rows].join('\n');
}

export function filterablePropertiesTable(): string {
  const rows = Object.entries(INTUNE_FILTERABLE).map(([name, p]) => {
    const operators = p.operators === 'all' ? 'all, as OData says' : p.operators.map((o) => `\`${o}\``).join(', ');
    return `| \`${name}\` | ${operators} | ${link(p.source)} |`;
  });
  return ['| Property | Operators | Source |', '|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`${filterQuirksTable()}\n\n${filterablePropertiesTable()}`);
