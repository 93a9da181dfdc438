/**
 * Recognising a device's platform from Graph's free-text `operatingSystem` ("Windows, iOS, etc." in the
 * CSDL; values seen in real tenants: Android, iOS, iPadOS, macOS, Windows) and comparing real OS
 * version strings ("6.0.1", "7.1.2", "10", "17.4.1", "10.0.22631.3447").
 */
import type { Enrollment } from '../schemas/simulation.js';

export type Platform = 'android' | 'ios' | 'macos' | 'windows' | 'other';

/** The enrollments each platform has (docs/simulation.md#devices). */
export const ENROLLMENTS_BY_PLATFORM: Readonly<Record<Platform, readonly Enrollment[]>> = {
  android: ['deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp'],
  ios: ['device', 'userEnrollment'],
  macos: ['device'],
  windows: ['device'],
  other: ['device'],
};

export function platformOf(operatingSystem: string | null | undefined): Platform {
  const os = (operatingSystem ?? '').trim().toLowerCase();
  if (os.startsWith('android')) return 'android';
  if (os === 'ios' || os === 'ipados' || os.startsWith('iphone') || os.startsWith('ipad')) return 'ios';
  if (os === 'macos' || os.startsWith('mac')) return 'macos';
  if (os.startsWith('windows')) return 'windows';
  return 'other';
}

/**
 * Numeric, component-wise comparison: "7" = "7.0" = "7.0.0", "10" > "9.1", "6.0.1" < "7". Non-numeric
 * suffixes ("14.4.1 (23E224)") are ignored; a missing or unreadable version compares as 0.
 */
export function compareVersions(a: string | null | undefined, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function parts(v: string | null | undefined): number[] {
  const m = /^\s*(\d+(?:\.\d+)*)/.exec(v ?? '');
  return m?.[1] ? m[1].split('.').map(Number) : [0];
}

/**
 * The beta `deviceType` ("Platform of the device") for a device: Android by how it is managed
 * (device administrator `android`, personal work profile `androidForWork`, other Android Enterprise
 * `androidEnterprise`), iPhone or iPad, `macMDM` for an MDM-enrolled Mac, `desktop` for Windows (`surfaceHub`
 * for a Surface Hub, `windowsPhone` for Windows 10 Mobile).
 */
export function betaDeviceType(operatingSystem: string | null, model: string | null, enrollment: string): string {
  switch (platformOf(operatingSystem)) {
    case 'android':
      return enrollment === 'deviceAdministrator' ? 'android' : enrollment === 'workProfile' ? 'androidForWork' : 'androidEnterprise';
    case 'ios':
      return /ipad/i.test(`${operatingSystem} ${model ?? ''}`) ? 'iPad' : 'iPhone';
    case 'macos':
      return 'macMDM';
    case 'windows': {
      // deviceType members `surfaceHub` and `windowsPhone` (intune-shared-devicetype.md).
      const edition = windowsEdition({ operatingSystem, model });
      return edition === 'surfaceHub' ? 'surfaceHub' : edition === 'mobile' ? 'windowsPhone' : 'desktop';
    }
    default:
      return 'unknown';
  }
}

/**
 * Which Windows a Windows device runs: `mobile`, Windows 10 Mobile (`operatingSystem` "Windows Mobile" or
 * "Windows Phone", as Intune reported phones); `surfaceHub`, Windows 10 Team on a Surface Hub (a `model`
 * starting "Surface Hub": "Surface Hub", "Surface Hub 2S", "Surface Hub 3"); else `desktop`. Undefined off Windows.
 */
export function windowsEdition(device: { operatingSystem: string | null; model?: string | null }): 'desktop' | 'surfaceHub' | 'mobile' | undefined {
  if (platformOf(device.operatingSystem) !== 'windows') return undefined;
  if (/^windows\s*(mobile|phone)/i.test((device.operatingSystem ?? '').trim())) return 'mobile';
  if (/^surface\s*hub/i.test((device.model ?? '').trim())) return 'surfaceHub';
  return 'desktop';
}
