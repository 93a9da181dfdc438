/**
 * The FileVault rows (issue 15): rotating a Mac's personal recovery key, from the current Intune page
 * (rotate-filevault-recovery-key.md: macOS, corporate-owned, encrypted by an Intune FileVault policy with the key
 * escrowed). The page has no earlier version that says otherwise: both rulesets share the rows
 * (docs/simulation.md#which-devices-can). Whether FileVault is on and its key escrowed is the device's state,
 * judged at check-in (`simulation/filevault-effects.ts`), not a row.
 */
import type { ActionName } from '../../schemas/pending-action.js';
import type { RuleRow } from './types.js';
import { ANDROID_ALL, DEVICE, IOS_ALL, no, yes } from './rows.js';

/** The FileVault family's actions: each has its rows here and its effect in `simulation/filevault-effects.ts`. */
export type FileVaultAction = Extract<ActionName, 'rotateFileVaultKey'>;

const MACS_ONLY = 'FileVault is macOS\'s';

const rotate: RuleRow[] = [
  yes('macos', DEVICE, 'macOS, corporate-owned',
    'a new personal recovery key, escrowed with Intune (readable with getFileVaultKey()); fails when FileVault is off or its key not escrowed', { requires: 'corporate' }),
  no('macos', DEVICE, 'macOS, personally owned', 'FileVault key rotation is for corporate-owned Macs'),
  no('android', ANDROID_ALL, 'Android', MACS_ONLY),
  no('ios', IOS_ALL, 'iOS / iPadOS', MACS_ONLY),
  no('windows', DEVICE, 'Windows', `${MACS_ONLY} (Windows has BitLocker: rotateBitLockerKeys)`),
];

export const FILEVAULT_RULES_2025: Readonly<Record<FileVaultAction, readonly RuleRow[]>> = { rotateFileVaultKey: rotate };
export const FILEVAULT_RULES_2018: Readonly<Record<FileVaultAction, readonly RuleRow[]>> = FILEVAULT_RULES_2025;
