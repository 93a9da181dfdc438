/**
 * What a generated device reports beyond its v1.0 properties: the beta `hardwareInformation` members that
 * repeat nothing in v1.0 (the ones that do, `serialNumber`, `imei`, `wifiMac`..., Graph reads from the device,
 * see `graph/serialize-device.ts`), `usersLoggedOn`, and a co-managed PC's Configuration Manager client.
 * Values per platform follow the beta docs' descriptions (docs/simulation.md#creating-a-device): TPM, BIOS, Device Guard,
 * edition and licensing on Windows; product name, battery level and eSIM on iPhone and iPad; the build on Android.
 */
import type { FixtureDevice } from '../schemas/fixture.js';
import type { Enrollment } from '../schemas/simulation.js';
import type { GeneratorPlatform, Hardware } from './device-catalog.js';
import type { Random } from './random.js';

type HardwareInformation = NonNullable<FixtureDevice['hardwareInformation']>;

/** Apple's product identifiers (what `productName` holds) for the catalog's iPhones and iPads; Macs report theirs as `model`. */
export const APPLE_PRODUCT_NAMES: Readonly<Record<string, string>> = {
  'iPhone 8': 'iPhone10,4', 'iPhone X': 'iPhone10,6', 'iPhone XR': 'iPhone11,8', 'iPhone SE (2nd generation)': 'iPhone12,8',
  'iPhone 12': 'iPhone13,2', 'iPhone 12 Pro': 'iPhone13,3', 'iPhone 13': 'iPhone14,5', 'iPhone 13 Pro': 'iPhone14,2',
  'iPhone SE (3rd generation)': 'iPhone14,6', 'iPhone 14': 'iPhone14,7', 'iPhone 14 Pro': 'iPhone15,2', 'iPhone 15': 'iPhone15,4',
  'iPhone 15 Pro': 'iPhone16,1', 'iPhone 16': 'iPhone17,3', 'iPhone 16 Pro': 'iPhone17,1', 'iPhone 16e': 'iPhone17,5',
  'iPad (6th generation)': 'iPad7,5', 'iPad (9th generation)': 'iPad12,1', 'iPad (10th generation)': 'iPad13,18',
  'iPad Air (5th generation)': 'iPad13,16', 'iPad Air 11-inch (M2)': 'iPad14,8', 'iPad Pro 11-inch (4th generation)': 'iPad14,3',
  'iPad Pro 11-inch (M4)': 'iPad16,3', 'iPad mini (6th generation)': 'iPad14,1',
};

/** The AOSP build id each Android version shipped with (`osBuildNumber`). */
export const ANDROID_BUILDS: Readonly<Record<string, string>> = {
  '6.0.1': 'MMB29M', '7.0': 'NRD90M', '7.1.2': 'N2G47H', '8.0.0': 'R16NW', '8.1.0': 'OPM1.171019.026', '9': 'PPR1.180610.011',
  '10': 'QP1A.190711.020', '11': 'RP1A.200720.012', '12': 'SP1A.210812.016', '13': 'TP1A.220624.014', '14': 'UP1A.231005.007',
  '15': 'AP3A.240905.015', '16': 'BP2A.250605.031',
};

/** TPM vendors (the four-letter id Windows reports) and firmware versions, per PC maker. */
const TPMS: Readonly<Record<string, readonly (readonly [string, string, string])[]>> = {
  'Dell Inc.': [['NTC', '7.2.3.1', '2.0, 0, 1.59'], ['STM', '1.769.0.0', '2.0, 0, 1.59']],
  HP: [['IFX', '7.85.4555.0', '2.0, 0, 1.38'], ['STM', '73.20.17568.0', '2.0, 0, 1.59']],
  LENOVO: [['STM', '1.769.0.0', '2.0, 0, 1.59'], ['NTC', '7.2.3.1', '2.0, 0, 1.59'], ['IFX', '7.85.4555.0', '2.0, 0, 1.38']],
  'Microsoft Corporation': [['IFX', '7.86.3547.0', '2.0, 0, 1.38']],
};
const ARM_TPM = ['QCOM', '1.0.0.0', '2.0, 0, 1.59'] as const;

const HP_BIOS = ['T37', 'T76', 'V70', 'S70'];
const LENOVO_BIOS = ['N32ET', 'N3BET', 'R23ET', 'N3AET'];
const int = (r: Random, min: number, max: number): number => min + Math.floor(r.next() * (max - min + 1));
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The version string each maker's firmware reports through SMBIOS. */
function biosVersion(r: Random, manufacturer: string): string {
  switch (manufacturer) {
    case 'Dell Inc.': return ['1.', int(r, 10, 29), '.', int(r, 0, 2)].join('');
    case 'HP': return [r.pick(HP_BIOS), ' Ver. 01.', pad2(int(r, 8, 19)), '.', pad2(int(r, 0, 10))].join('');
    case 'LENOVO': return [r.pick(LENOVO_BIOS), int(r, 60, 98), 'W (1.', int(r, 30, 70), ' )'].join('');
    default: return [int(r, 19, 26), '.', int(r, 1, 3), '00.', int(r, 100, 160)].join('');
  }
}

export interface HardwareContext {
  platform: GeneratorPlatform;
  enrollment: Enrollment;
  hw: Hardware;
  /** The model as written to `model` (Samsung: US or international). */
  model: string;
  osVersion: string;
  deviceName: string;
  /** A UK device (language, carrier): the generator's one draw for it. */
  uk: boolean;
  hasUser: boolean;
  join?: 'azureADJoined' | 'hybridAzureADJoined';
  enterprise: boolean;
}

/**
 * The `hardwareInformation` members that no v1.0 property repeats, as a device of this kind reports them. One
 * object literal per platform and strings built flat (`join`), as in the generator: a fleet of 100,000 is made
 * in seconds.
 */
export function hardwareInformationFor(r: Random, c: HardwareContext): HardwareInformation {
  const { platform, hw } = c;
  const operatingSystemLanguage = c.uk ? 'en-GB' : 'en-US';
  const cellular = hw.tac !== undefined && c.enrollment !== 'userEnrollment';
  const cellularTechnology = cellular ? 'GSM' : null;
  switch (platform) {
    case 'windows': {
      const [tpmManufacturer, tpmVersion, tpmSpecificationVersion] = hw.arch === 'arM64' ? ARM_TPM : r.pick(TPMS[hw.manufacturer] ?? TPMS.HP!);
      const subnet = ['10.', int(r, 10, 40), '.', int(r, 0, 255), '.'].join('');
      const ipAddressV4 = subnet + int(r, 2, 254);
      return {
        cellularTechnology, operatingSystemLanguage, tpmSpecificationVersion,
        operatingSystemEdition: c.enterprise ? 'Enterprise' : 'Professional',
        // "If the device is not domain-joined, it returns an empty string."
        deviceFullQualifiedDomainName: c.join === 'hybridAzureADJoined' ? [c.deviceName, '.corp.contoso.com'].join('') : '',
        deviceGuardVirtualizationBasedSecurityHardwareRequirementState: 'meetHardwareRequirements',
        deviceGuardVirtualizationBasedSecurityState: 'running',
        // Credential Guard needs Enterprise or Education.
        deviceGuardLocalSystemAuthorityCredentialGuardState: c.enterprise ? 'running' : 'notLicensed',
        operatingSystemProductType: c.enterprise ? 4 : 48, ipAddressV4, subnetAddress: subnet + '0',
        systemManagementBIOSVersion: biosVersion(r, hw.manufacturer), tpmManufacturer, tpmVersion,
        wiredIPv4Addresses: hw.ethernet && hw.chassis === 'desktop' ? [ipAddressV4] : [],
        deviceLicensingStatus: c.enterprise ? 'deviceLicenseRefreshSucceed' : 'unknown',
        deviceLicensingLastErrorCode: 0,
      };
    }
    case 'ios':
    case 'ipados': {
      // User enrollment keeps device information private; the rest report battery and model per check-in.
      const hidden = c.enrollment === 'userEnrollment';
      const shared = platform === 'ipados' && !c.hasUser;
      return {
        cellularTechnology, operatingSystemLanguage, isSharedDevice: shared, sharedDeviceCachedUsers: [],
        esimIdentifier: cellular && hw.chip !== undefined ? ['89049032', eight(r), eight(r), eight(r)].join('') : null,
        batteryLevelPercentage: hidden ? null : int(r, 15, 100), residentUsersCount: shared ? 0 : null,
        productName: hidden ? null : (APPLE_PRODUCT_NAMES[c.model] ?? null),
      };
    }
    case 'macos':
      return { cellularTechnology, operatingSystemLanguage, productName: c.model };
    case 'android':
      // Zebra's batteries report their health and cycles; other makers' are not read.
      return hw.manufacturer === 'Zebra Technologies'
        ? { cellularTechnology, operatingSystemLanguage, osBuildNumber: ANDROID_BUILDS[c.osVersion] ?? null, batteryHealthPercentage: int(r, 72, 100), batteryChargeCycles: int(r, 20, 900) }
        : { cellularTechnology, operatingSystemLanguage, osBuildNumber: ANDROID_BUILDS[c.osVersion] ?? null };
  }
}

const eight = (r: Random): string => String(Math.floor(r.next() * 1e8)).padStart(8, '0');
