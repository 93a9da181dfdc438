/**
 * The README's rules table of each remote action but resetPasscode (whose table explains effects row by
 * row), built from the action catalog and both rulesets for one device of each kind, so the README cannot
 * drift from the code: `test/unit/readme-actions.test.ts` checks the README holds exactly this.
 * `npx tsx scripts/action-rules-tables.ts` prints it.
 */
import { ACTIONS } from '../src/domain/actions/catalog.js';
import { RULESETS, ruleFor } from '../src/domain/rules/index.js';
import type { Enrollment } from '../src/schemas/simulation.js';

/** One device of each kind, on a current OS version. */
const KINDS: ReadonlyArray<[string, { operatingSystem: string; osVersion: string; isSupervised: boolean }, Enrollment]> = [
  ['Android device administrator', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'deviceAdministrator'],
  ['Android personally-owned work profile', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'workProfile'],
  ['Android corporate-owned work profile', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'corporateWorkProfile'],
  ['Android fully managed', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'fullyManaged'],
  ['Android fully managed, Android 7.1', { operatingSystem: 'Android', osVersion: '7.1.2', isSupervised: false }, 'fullyManaged'],
  ['Android dedicated', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'dedicated'],
  ['Android AOSP', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'aosp'],
  ['iOS / iPadOS, supervised', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true }, 'device'],
  ['iOS / iPadOS, not supervised', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: false }, 'device'],
  ['iOS / iPadOS, user enrollment', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: false }, 'userEnrollment'],
  ['macOS', { operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true }, 'device'],
  ['Windows', { operatingSystem: 'Windows', osVersion: '10.0.26100.2605', isSupervised: false }, 'device'],
];

export function actionRulesTables(): string {
  const blocks: string[] = [];
  for (const action of ACTIONS) {
    if (action.name === 'resetPasscode') continue;
    const lines = KINDS.map(([label, device, enrollment]) => {
      const [old, now] = (['2018', '2025'] as const).map((r) => ruleFor(RULESETS[r], device, { enrollment }, action.name));
      const answer = (row: typeof old) => (row!.supported ? '204' : '400');
      const note = old!.supported !== now!.supported ? `; 2018: ${old!.why}` : '';
      return `| ${label} | ${answer(old)} | ${answer(now)} | ${now!.why}${note} |`;
    });
    blocks.push([`#### \`${action.name}\``, '', '| Device | 2018 | 2025 | Why, and what happens |', '|---|---|---|---|', ...lines].join('\n'));
  }
  return blocks.join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(actionRulesTables());
