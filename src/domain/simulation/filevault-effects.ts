/**
 * A Mac's FileVault (docs/simulation.md#what-the-device-does): the personal recovery key Intune holds in escrow,
 * rotated at check-in by rotateFileVaultKey and read by beta getFileVaultKey(). An absent `simulation.fileVault`
 * reads as the Intune page assumes (rotate-filevault-recovery-key.md): FileVault on, its key escrowed.
 */
import type { FileVaultAction } from '../rules/filevault-rules.js';
import { isoAt } from '../clock.js';
import { DomainError } from '../errors.js';
import { platformOf } from '../platform.js';
import { createRandom, type Random } from '../random.js';
import type { DeviceRecord } from '../tenant-state.js';
import type { Applied, EffectContext } from './effect-context.js';

// Apple's personal recovery keys are six dash-separated groups of four letters and digits.
const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A FileVault personal recovery key: `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`. */
export function fileVaultRecoveryKey(random: Random): string {
  return Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => random.pick([...KEY_ALPHABET])).join('')).join('-');
}

/** Whether the Mac has a key Intune holds: FileVault on and its key escrowed (both absent: yes). */
export const hasEscrowedKey = (record: DeviceRecord): boolean =>
  record.simulation.fileVault?.enabled !== false && record.simulation.fileVault?.escrowed !== false;

/**
 * The escrowed key as Intune holds it, or undefined when it holds none. Before any rotation (and when a fixture
 * gives none) a key derived from the device id by a random of its own: a read never writes, and the same device
 * always reads the same key.
 */
export function escrowedKey(record: DeviceRecord): string | undefined {
  if (!hasEscrowedKey(record)) return undefined;
  return record.simulation.fileVault?.recoveryKey ?? fileVaultRecoveryKey(createRandom(`fileVault:${record.device.id}`));
}

/**
 * beta `getFileVaultKey()`: the escrowed key, or `actionNotSupported` (Graph's 400) naming why there is none.
 * LIMITATIONS: Intune's answer for a device without a key is undocumented; the mock refuses a device that is not a
 * Mac, a personally-owned Mac (the rotation's page is for corporate-owned ones), FileVault off and a key not escrowed.
 */
export function readFileVaultKey(record: DeviceRecord): string {
  const { device } = record;
  const refuse = (why: string) => new DomainError('actionNotSupported', `The getFileVaultKey function is not supported on this device: ${why}.`, device.id);
  if (platformOf(device.operatingSystem) !== 'macos') throw refuse('FileVault is macOS\'s');
  if (device.managedDeviceOwnerType !== 'company') throw refuse('Intune holds the FileVault keys of corporate-owned Macs only');
  if (record.simulation.fileVault?.enabled === false) throw refuse('FileVault is off');
  const key = escrowedKey(record);
  if (key === undefined) throw refuse('its personal recovery key is not escrowed with Intune');
  return key;
}

export const FILEVAULT_EFFECTS: Readonly<Record<FileVaultAction, (c: EffectContext) => Applied>> = {
  // rotate-filevault-recovery-key.md: the Mac makes a new key and escrows it. LIMITATIONS: with FileVault off or no
  // escrow the rotation ends `failed` (the page only states the requirement; the outcome is our choice).
  rotateFileVaultKey: (c) => {
    if (!hasEscrowedKey(c.record)) return { state: 'failed' };
    c.record.simulation.fileVault = { ...c.record.simulation.fileVault, enabled: true, recoveryKey: fileVaultRecoveryKey(c.random), rotatedAt: isoAt(c.at) };
    return { state: 'done' };
  },
};
