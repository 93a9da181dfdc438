/**
 * docs/remote-actions.md: the rules table of each remote action but resetPasscode (whose table in the
 * README explains effects row by row), built from the action catalog and both rulesets for one device of
 * each kind, so the document cannot drift from the code: `test/unit/readme-actions.test.ts` checks the file
 * is exactly this. `npx tsx scripts/action-rules-tables.ts` rewrites it.
 */
import { writeFileSync } from 'node:fs';
import { ACTIONS } from '../src/domain/actions/catalog.js';
import { RULESETS, ruleFor, type DeviceForRules } from '../src/domain/rules/index.js';
import type { Enrollment } from '../src/schemas/simulation.js';

export const RULES_DOC = new URL('../docs/remote-actions.md', import.meta.url);

/** One device of each kind, on a current OS version. */
const KINDS: ReadonlyArray<[string, DeviceForRules, Enrollment]> = [
  ['Android device administrator', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'deviceAdministrator'],
  ['Android personally-owned work profile', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'workProfile'],
  ['Android corporate-owned work profile', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'corporateWorkProfile'],
  ['Android fully managed', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'fullyManaged'],
  ['Android fully managed, Android 7.1', { operatingSystem: 'Android', osVersion: '7.1.2', isSupervised: false }, 'fullyManaged'],
  ['Android dedicated', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'dedicated'],
  ['Android AOSP', { operatingSystem: 'Android', osVersion: '14', isSupervised: false }, 'aosp'],
  ['iOS / iPadOS, supervised (ADE)', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company' }, 'device'],
  ['iOS / iPadOS, supervised (ADE), in lost mode', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', lostModeState: 'enabled' }, 'device'],
  ['iOS / iPadOS, supervised, not ADE', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'company' }, 'device'],
  ['iOS / iPadOS, not supervised', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: false, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal' }, 'device'],
  ['iOS / iPadOS, user enrollment', { operatingSystem: 'iOS', osVersion: '18.5', isSupervised: false, deviceEnrollmentType: 'appleAccountDrivenUserEnrollment', managedDeviceOwnerType: 'personal' }, 'userEnrollment'],
  ['Shared iPad', { operatingSystem: 'iPadOS', osVersion: '18.5', isSupervised: true, deviceEnrollmentType: 'appleBulkWithoutUser', managedDeviceOwnerType: 'company', hardwareInformation: { isSharedDevice: true } }, 'device'],
  ['macOS, corporate (ADE)', { operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company' }, 'device'],
  ['macOS, personal', { operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: false, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal' }, 'device'],
  ['Windows', { operatingSystem: 'Windows', osVersion: '10.0.26100.2605', isSupervised: false, managedDeviceOwnerType: 'company' }, 'device'],
  ['Windows, personally owned', { operatingSystem: 'Windows', osVersion: '10.0.26100.2605', isSupervised: false, managedDeviceOwnerType: 'personal' }, 'device'],
  ['Windows 10 20H2, 19042.500', { operatingSystem: 'Windows', osVersion: '10.0.19042.500', isSupervised: false }, 'device'],
  ['Windows 10 22H2', { operatingSystem: 'Windows', osVersion: '10.0.19045.5247', isSupervised: false }, 'device'],
  ['Windows 10 1607', { operatingSystem: 'Windows', osVersion: '10.0.14393.7515', isSupervised: false }, 'device'],
  ['Surface Hub', { operatingSystem: 'Windows', osVersion: '10.0.19045.4170', isSupervised: false, model: 'Surface Hub 2S' }, 'device'],
  ['Windows 10 Mobile', { operatingSystem: 'Windows Mobile', osVersion: '10.0.15254.603', isSupervised: false, model: 'Lumia 950' }, 'device'],
];

const HEADER = `# Which devices can do each remote action

Generated from the rules (\`src/domain/rules/\`) by \`npx tsx scripts/action-rules-tables.ts\`; a test checks
this file against them. One device of each kind on a current OS version; \`204\`: the action is accepted
and queued, \`400\`: the platform cannot do it at all (Intune's message naming the action; nothing is queued).
Ruleset \`2025\` follows the current Intune "Device actions" pages; ruleset \`2018\` (the default) uses, where
a page once said otherwise, its earliest version on record (docs/simulation.md#which-devices-can). What the
device then does is in the README's "The other remote actions" and docs/simulation.md#what-the-device-does;
\`resetPasscode\`'s rows are in the README's "The rules".
`;

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
    blocks.push([`## \`${action.name}\``, '', '| Device | 2018 | 2025 | Why, and what happens |', '|---|---|---|---|', ...lines].join('\n'));
  }
  return `${HEADER}\n${blocks.join('\n\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(RULES_DOC, actionRulesTables());
