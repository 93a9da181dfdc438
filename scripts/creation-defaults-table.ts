/**
 * The README's table of what `POST /_mock/devices` gives a field that decides behaviour when the request
 * leaves it out, rendered from the one table in the code (`src/domain/creation-defaults.ts`), so the README
 * cannot drift from it: `test/unit/readme-defaults.test.ts` checks the README holds exactly this.
 * `npx tsx scripts/creation-defaults-table.ts` prints it.
 */
import { CREATION_DEFAULTS, FIELD_PATH, type CreationDefault } from '../src/domain/creation-defaults.js';

const PLATFORM_LABEL = { any: 'any', android: 'Android', ios: 'iOS / iPadOS', macos: 'macOS', windows: 'Windows' } as const;

function valueOf(r: CreationDefault): string {
  switch (r.field) {
    case 'osVersion':
      return r.value.atLeast === undefined ? 'any version the model runs' : `${r.value.atLeast} or later`;
    case 'user':
      return r.value === 'firstUser' ? 'the tenant\'s first user' : 'none';
    case 'passcode':
    case 'workProfilePasscode':
      return `\`{"set": ${r.value.set}}\``;
    default:
      return `\`${String(r.value)}\``;
  }
}

/** Citations as links: `docs/…#anchor` relative to the README, public pages by their file name. */
const linked = (why: string): string => why
  .replace(/\(?(https:\/\/\S+\/([\w.-]+))\)/g, (_m, url: string, name: string) => `([${name}](${url}))`)
  .replace(/\(docs\/([a-z-]+\.md)#([a-z0-9-]+)\)/g, (_m, file: string, anchor: string) => `([${file}#${anchor}](docs/${file}#${anchor}))`);

export function creationDefaultsTable(): string {
  const lines = CREATION_DEFAULTS.map((r) =>
    `| ${PLATFORM_LABEL[r.platform]} | ${r.enrollments?.map((e) => `\`${e}\``).join(', ') ?? ''} | \`${FIELD_PATH[r.field]}\` | ${valueOf(r)} | ${linked(r.why)} |`);
  return ['| Platform | Enrollment | Field | Default | Why |', '|---|---|---|---|---|', ...lines].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(creationDefaultsTable());
