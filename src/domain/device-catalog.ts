/**
 * Data tables for generated fleets (`device-generator.ts`): real hardware per platform and enrollment,
 * with the OS versions each model really runs, storage and memory sizes, chassis, IMEI type allocation
 * codes (a model with a `tac` has a modem), serial number styles and MAC vendor prefixes; carriers,
 * names for generated users, and the compliance policies of `fixtures/default.json`.
 * Pure tables: `weight` is how common a row is within its table (relative, integer).
 */
import type { CompliancePolicy } from '../schemas/compliance-policy.js';
import type { ManagedDevice } from '../schemas/managed-device.js';
import type { Enrollment } from '../schemas/simulation.js';
import { ENROLLMENTS_BY_PLATFORM } from './platform.js';

export type GeneratorPlatform = 'android' | 'ios' | 'ipados' | 'macos' | 'windows';

/** The enrollments valid for each generator platform: its platform's (iPadOS is iOS's). */
export const PLATFORM_ENROLLMENTS: Readonly<Record<GeneratorPlatform, readonly Enrollment[]>> = {
  android: ENROLLMENTS_BY_PLATFORM.android, ios: ENROLLMENTS_BY_PLATFORM.ios, ipados: ENROLLMENTS_BY_PLATFORM.ios,
  macos: ENROLLMENTS_BY_PLATFORM.macos, windows: ENROLLMENTS_BY_PLATFORM.windows,
};

/** A generated fleet's mix, per mille: Windows 40%, iOS/iPadOS 25%, Android 25% (over its six enrollments), macOS 10%. */
export const FLEET_MIX: readonly (readonly [GeneratorPlatform, Enrollment, number])[] = [
  ['android', 'deviceAdministrator', 20], ['android', 'workProfile', 70], ['android', 'corporateWorkProfile', 45],
  ['android', 'fullyManaged', 55], ['android', 'dedicated', 45], ['android', 'aosp', 15],
  ['ios', 'device', 130], ['ios', 'userEnrollment', 40], ['ipados', 'device', 70], ['ipados', 'userEnrollment', 10],
  ['macos', 'device', 100], ['windows', 'device', 400],
];

export type Chassis = 'phone' | 'tablet' | 'mobileOther' | 'laptop' | 'desktop';
/** How a vendor writes a serial number (see `serialFor` in the generator). */
export type SerialStyle =
  | 'samsung' | 'pixel' | 'zebra' | 'realwear' | 'quest' | 'htc' | 'motorola' | 'nexus'
  | 'apple10' | 'apple12' | 'dell' | 'hp' | 'lenovo' | 'surface';
/** Leading characters of serial numbers: Samsung plant codes, Quest batches, Apple (pre-2021), HP and Lenovo. */
export const SERIAL_PREFIXES = {
  samsung: ['58', '5C', 'F8', 'FC'], quest: ['1WMHH', '2G0YC', '340YC'], apple: ['F2L', 'DMP', 'C39', 'FK1', 'DX3'],
  hp: ['5CG', '5CD', 'CND'], lenovo: ['PF', 'PW', 'R9'],
} as const;

export interface Hardware {
  readonly manufacturer: string;
  /** Graph `model` (for Samsung the US variant; `intlModel` is the international one). */
  readonly model: string;
  readonly intlModel?: string;
  /** Marketing name, for device names ("Galaxy S23", "MacBook Pro"). */
  readonly name: string;
  /** `osVersion` values the model runs; repeats weight the common ones. */
  readonly os: readonly string[];
  readonly storageGB: readonly number[];
  readonly ramGB: readonly number[];
  readonly chassis: Chassis;
  /** IMEI type allocation codes (8 digits): present only when the model has a cellular modem. */
  readonly tac?: readonly string[];
  readonly serial: SerialStyle;
  /** Wi-Fi MAC vendor prefixes (OUI, 6 uppercase hex). */
  readonly oui: readonly string[];
  /** Wired NIC vendor prefixes, when the model has an Ethernet port. */
  readonly ethernet?: readonly string[];
  /** Apple: the chip id that starts the newer UDID ("00008120-…"); absent on older models (40-hex UDID). */
  readonly chip?: string;
  readonly arch?: 'x64' | 'arM64';
  readonly weight: number;
}

// ---- OS versions ---------------------------------------------------------------------------------
const A13_15 = ['13', '14', '14', '15', '15'];
const A14_16 = ['14', '15', '15', '16', '16', '16'];
const A15_16 = ['15', '16', '16', '16'];
const IOS16 = ['16.7.10', '16.7.10', '16.7.11'];
const IOS18 = ['17.7.2', '18.3.2', '18.5', '18.6.2', '18.6.2'];
const IOS = ['17.5.1', '17.7.2', '18.1.1', '18.3.2', '18.5', '18.6.2', '18.6.2', '18.7.1', '26.0.1', '26.1'];
const IOS_NEW = ['18.3.2', '18.5', '18.6.2', '18.6.2', '18.7.1', '26.0.1', '26.1'];
const MAC_INTEL = ['13.6.9', '13.7.6', '14.7.6', '15.5', '15.6.1'];
const MAC = ['13.7.6', '14.6.1', '14.7.6', '15.3.2', '15.5', '15.6.1', '15.6.1', '15.7.2', '26.1'];
const MAC_NEW = ['15.3.2', '15.5', '15.6.1', '15.6.1', '15.7.2', '26.1'];
const W10 = ['10.0.19045.4291', '10.0.19045.5011', '10.0.19045.5737', '10.0.19045.6093'];
const W11_23H2 = ['10.0.22631.3447', '10.0.22631.4317', '10.0.22631.4751', '10.0.22631.5624'];
const W11_24H2 = ['10.0.26100.2605', '10.0.26100.3476', '10.0.26100.4652', '10.0.26100.6584', '10.0.26100.7171'];
const WIN_OLD = [...W10, ...W10, ...W11_23H2, ...W11_24H2];
const WIN = [...W11_23H2, ...W11_24H2, ...W11_24H2];

/** Android security patch levels each OS version shipped with, first and last ('YYYY-MM'). */
export const ANDROID_PATCH_WINDOWS: Readonly<Record<string, readonly [string, string]>> = {
  '6.0.1': ['2016-06', '2018-04'], '7.0': ['2016-12', '2018-10'], '7.1.2': ['2017-06', '2019-10'],
  '8.0.0': ['2017-12', '2019-06'], '8.1.0': ['2018-03', '2020-12'], '9': ['2019-01', '2021-06'],
  '10': ['2020-01', '2022-12'], '11': ['2021-01', '2024-01'], '12': ['2022-01', '2024-12'],
  '13': ['2023-01', '2025-06'], '14': ['2024-01', '2026-12'], '15': ['2024-11', '2026-12'], '16': ['2025-06', '2026-12'],
};

// ---- Vendors --------------------------------------------------------------------------------------
const SAMSUNG = { manufacturer: 'samsung', serial: 'samsung', oui: ['5C2E59', '1C5A6B', 'E4C7A9', 'D0C1B5', '9C8C6E', '8C71F8', 'A0CBFD', 'F8042E'] } as const;
const GOOGLE = { manufacturer: 'Google', serial: 'pixel', oui: ['A8B1D4', '3CA3F1', '3C286D', 'F4F5E8', 'DC2B2A'], chassis: 'phone', ramGB: [8] } as const;
const ZEBRA = { manufacturer: 'Zebra Technologies', serial: 'zebra', oui: ['94FB29', '40832D', '00A0F8', 'B4A5EF'] } as const;
const APPLE_MOBILE = { manufacturer: 'Apple', oui: ['F4D488', '88665A', '3C0630', 'A4C361', 'F0B3EC', 'BC0963', '5C7017', 'D4909C'] } as const;
const IPHONE = { ...APPLE_MOBILE, name: 'iPhone', chassis: 'phone' } as const;
const IPAD = { ...APPLE_MOBILE, name: 'iPad', chassis: 'tablet' } as const;
const MAC_BASE = { manufacturer: 'Apple', oui: ['3C0630', 'A4C361', '14C213', 'F01898', '8C8590'], arch: 'arM64', serial: 'apple10' } as const;
const MAC_ETHERNET = ['3C0630', 'A4C361', '1C1DD3'];
const INTEL_WIFI = ['5CE42A', 'A0A4C5', '8C8D28', 'F4A475', 'D41B81', 'BC0358'];
const DELL = { manufacturer: 'Dell Inc.', serial: 'dell', oui: INTEL_WIFI, ethernet: ['A4BB6D', 'D4813F', 'B04F13', '8C47BE'] } as const;
const HP = { manufacturer: 'HP', serial: 'hp', oui: INTEL_WIFI, ethernet: ['3822E2', '6C02E0', 'C8D9D2'] } as const;
const LENOVO = { manufacturer: 'LENOVO', serial: 'lenovo', oui: INTEL_WIFI, ethernet: ['8C8CAA', 'E86A64', '38F3AB'] } as const;
const SURFACE = { manufacturer: 'Microsoft Corporation', serial: 'surface', oui: ['C49DED', '98AA3C', '6045BD'], chassis: 'laptop' } as const;

// ---- Android --------------------------------------------------------------------------------------
/** Device administrator: old phones and scanners that never made it to Android Enterprise. */
export const ANDROID_LEGACY: readonly Hardware[] = [
  { ...SAMSUNG, model: 'SM-G920F', name: 'Galaxy S6', os: ['6.0.1', '6.0.1', '7.0'], storageGB: [32, 64], ramGB: [3], chassis: 'phone', tac: ['35745606', '35745706'], weight: 2 },
  { ...SAMSUNG, model: 'SM-G930F', name: 'Galaxy S7', os: ['7.0', '8.0.0'], storageGB: [32], ramGB: [4], chassis: 'phone', tac: ['35233507'], weight: 2 },
  { ...SAMSUNG, model: 'SM-G950F', name: 'Galaxy S8', os: ['8.0.0', '9', '9'], storageGB: [64], ramGB: [4], chassis: 'phone', tac: ['35398208'], weight: 3 },
  { ...SAMSUNG, model: 'SM-G960F', name: 'Galaxy S9', os: ['9', '10', '10'], storageGB: [64, 128], ramGB: [4], chassis: 'phone', tac: ['35374909'], weight: 3 },
  { ...SAMSUNG, model: 'SM-A505F', name: 'Galaxy A50', os: ['9', '10'], storageGB: [64, 128], ramGB: [4], chassis: 'phone', tac: ['35260610'], weight: 2 },
  { ...SAMSUNG, model: 'SM-A515U', intlModel: 'SM-A515F', name: 'Galaxy A51', os: ['10', '10', '11'], storageGB: [64, 128], ramGB: [4], chassis: 'phone', tac: ['35403811'], weight: 2 },
  { ...ZEBRA, model: 'TC56', name: 'TC56', os: ['6.0.1', '7.1.2', '7.1.2', '8.1.0'], storageGB: [16], ramGB: [2, 4], chassis: 'phone', tac: ['35913408'], weight: 3 },
  { ...ZEBRA, model: 'TC51', name: 'TC51', os: ['6.0.1', '7.1.2', '8.1.0', '8.1.0'], storageGB: [16], ramGB: [2, 4], chassis: 'mobileOther', weight: 3 },
  { manufacturer: 'motorola', model: 'moto g(7)', name: 'moto g(7)', os: ['9', '10'], storageGB: [64], ramGB: [4], chassis: 'phone', tac: ['35473410'], serial: 'motorola', oui: ['E89120', '34BB26'], weight: 1 },
  { manufacturer: 'LGE', model: 'Nexus 5X', name: 'Nexus 5X', os: ['6.0.1', '7.1.2', '8.1.0'], storageGB: [32], ramGB: [2], chassis: 'phone', tac: ['35386907'], serial: 'nexus', oui: ['64BC0C'], weight: 1 },
];

/** Phones people carry: personal work profiles, corporate work profiles, fully managed. */
export const ANDROID_PHONES: readonly Hardware[] = [
  { ...SAMSUNG, model: 'SM-G973U', intlModel: 'SM-G973F', name: 'Galaxy S10', os: ['10', '11', '12', '12'], storageGB: [128], ramGB: [8], chassis: 'phone', tac: ['35414310'], weight: 1 },
  { ...SAMSUNG, model: 'SM-A525F', name: 'Galaxy A52', os: ['11', '12', '13', '14', '14'], storageGB: [128], ramGB: [6], chassis: 'phone', tac: ['35291912'], weight: 2 },
  { ...SAMSUNG, model: 'SM-G991U', intlModel: 'SM-G991B', name: 'Galaxy S21', os: A13_15, storageGB: [128, 256], ramGB: [8], chassis: 'phone', tac: ['35467811', '35086723'], weight: 3 },
  { ...SAMSUNG, model: 'SM-S901U', intlModel: 'SM-S901B', name: 'Galaxy S22', os: ['14', '15', '15', '16'], storageGB: [128, 256], ramGB: [8], chassis: 'phone', tac: ['35098562', '35523312'], weight: 4 },
  { ...SAMSUNG, model: 'SM-S911U', intlModel: 'SM-S911B', name: 'Galaxy S23', os: A14_16, storageGB: [128, 256], ramGB: [8], chassis: 'phone', tac: ['35090772', '35073341'], weight: 5 },
  { ...SAMSUNG, model: 'SM-S921U', intlModel: 'SM-S921B', name: 'Galaxy S24', os: A14_16, storageGB: [128, 256, 512], ramGB: [8], chassis: 'phone', tac: ['35044915', '35891760'], weight: 5 },
  { ...SAMSUNG, model: 'SM-A546U', intlModel: 'SM-A546B', name: 'Galaxy A54 5G', os: A13_15, storageGB: [128, 256], ramGB: [6, 8], chassis: 'phone', tac: ['35116248'], weight: 3 },
  { ...SAMSUNG, model: 'SM-A156U', intlModel: 'SM-A156B', name: 'Galaxy A15 5G', os: ['14', '15', '15'], storageGB: [64, 128], ramGB: [4, 6], chassis: 'phone', tac: ['35014883'], weight: 2 },
  { ...SAMSUNG, model: 'SM-A356U', intlModel: 'SM-A356B', name: 'Galaxy A35 5G', os: ['14', '15', '16'], storageGB: [128, 256], ramGB: [6, 8], chassis: 'phone', tac: ['35236482'], weight: 2 },
  { ...SAMSUNG, model: 'SM-G736U', intlModel: 'SM-G736B', name: 'Galaxy XCover6 Pro', os: A13_15, storageGB: [128], ramGB: [6], chassis: 'phone', tac: ['35162639'], weight: 2 },
  { ...GOOGLE, model: 'Pixel 6', name: 'Pixel 6', os: ['13', '14', '15', '16'], storageGB: [128, 256], tac: ['35223811'], weight: 2 },
  { ...GOOGLE, model: 'Pixel 7', name: 'Pixel 7', os: ['14', '15', '16', '16'], storageGB: [128, 256], tac: ['35340574'], weight: 3 },
  { ...GOOGLE, model: 'Pixel 7a', name: 'Pixel 7a', os: ['14', '15', '16', '16'], storageGB: [128], tac: ['35166438'], weight: 3 },
  { ...GOOGLE, model: 'Pixel 8', name: 'Pixel 8', os: A14_16, storageGB: [128, 256], tac: ['35822491'], weight: 4 },
  { ...GOOGLE, model: 'Pixel 8a', name: 'Pixel 8a', os: A14_16, storageGB: [128, 256], tac: ['35847652'], weight: 2 },
  { ...GOOGLE, model: 'Pixel 9', name: 'Pixel 9', os: A15_16, storageGB: [128, 256], ramGB: [12], tac: ['35199833'], weight: 3 },
];

/** Rugged and shared hardware: fully managed frontline devices and dedicated (kiosk) devices. */
export const ANDROID_RUGGED: readonly Hardware[] = [
  { ...ZEBRA, model: 'TC52', name: 'TC52', os: ['10', '11', '11', '13'], storageGB: [32], ramGB: [4], chassis: 'mobileOther', weight: 5 },
  { ...ZEBRA, model: 'TC57', name: 'TC57', os: ['10', '11', '13'], storageGB: [32], ramGB: [4], chassis: 'phone', tac: ['35281710'], weight: 4 },
  { ...ZEBRA, model: 'TC21', name: 'TC21', os: ['10', '11', '13'], storageGB: [32], ramGB: [3], chassis: 'mobileOther', weight: 4 },
  { ...ZEBRA, model: 'TC26', name: 'TC26', os: ['10', '11', '13'], storageGB: [32], ramGB: [3], chassis: 'phone', tac: ['35403510'], weight: 3 },
  { ...ZEBRA, model: 'TC58', name: 'TC58', os: ['13', '14'], storageGB: [128], ramGB: [6], chassis: 'phone', tac: ['35839623'], weight: 3 },
  { ...ZEBRA, model: 'ET40', name: 'ET40', os: ['11', '13'], storageGB: [64], ramGB: [4], chassis: 'tablet', weight: 2 },
  { ...SAMSUNG, model: 'SM-T630', name: 'Galaxy Tab Active4 Pro', os: ['13', '14'], storageGB: [64, 128], ramGB: [4, 6], chassis: 'tablet', weight: 2 },
  { ...SAMSUNG, model: 'SM-X200', name: 'Galaxy Tab A8', os: ['12', '13', '14'], storageGB: [32, 64], ramGB: [3, 4], chassis: 'tablet', weight: 2 },
];

/** AOSP (no Google Mobile Services): headsets. */
export const ANDROID_AOSP: readonly Hardware[] = [
  { manufacturer: 'RealWear', model: 'T21G', name: 'RealWear Navigator 500', os: ['11'], storageGB: [64], ramGB: [4], chassis: 'mobileOther', serial: 'realwear', oui: ['0CCF89'], weight: 4 },
  { manufacturer: 'RealWear', model: 'T1100G', name: 'RealWear HMT-1', os: ['10'], storageGB: [16], ramGB: [2], chassis: 'mobileOther', serial: 'realwear', oui: ['0CCF89'], weight: 1 },
  { manufacturer: 'Oculus', model: 'Quest 2', name: 'Meta Quest 2', os: ['12'], storageGB: [128, 256], ramGB: [6], chassis: 'mobileOther', serial: 'quest', oui: ['2CA89C', '80F3EF'], weight: 3 },
  { manufacturer: 'Oculus', model: 'Quest 3', name: 'Meta Quest 3', os: ['12', '14'], storageGB: [128, 512], ramGB: [8], chassis: 'mobileOther', serial: 'quest', oui: ['2CA89C', '80F3EF'], weight: 4 },
  { manufacturer: 'Oculus', model: 'Quest Pro', name: 'Meta Quest Pro', os: ['12'], storageGB: [256], ramGB: [12], chassis: 'mobileOther', serial: 'quest', oui: ['2CA89C'], weight: 1 },
  { manufacturer: 'HTC', model: 'VIVE Focus 3', name: 'VIVE Focus 3', os: ['10'], storageGB: [128], ramGB: [8], chassis: 'mobileOther', serial: 'htc', oui: ['74F61C'], weight: 1 },
];

// ---- Apple ----------------------------------------------------------------------------------------
export const IPHONES: readonly Hardware[] = [
  { ...IPHONE, model: 'iPhone 8', os: IOS16, storageGB: [64, 256], ramGB: [2], tac: ['35302009'], serial: 'apple12', weight: 1 },
  { ...IPHONE, model: 'iPhone X', os: IOS16, storageGB: [64, 256], ramGB: [3], tac: ['35305609'], serial: 'apple12', weight: 1 },
  { ...IPHONE, model: 'iPhone XR', os: IOS18, storageGB: [64, 128], ramGB: [3], tac: ['35735610'], serial: 'apple12', chip: '00008020', weight: 1 },
  { ...IPHONE, model: 'iPhone SE (2nd generation)', os: IOS, storageGB: [64, 128], ramGB: [3], tac: ['35684911'], serial: 'apple12', chip: '00008030', weight: 2 },
  { ...IPHONE, model: 'iPhone 12', os: IOS, storageGB: [64, 128, 256], ramGB: [4], tac: ['35299711'], serial: 'apple12', chip: '00008101', weight: 3 },
  { ...IPHONE, model: 'iPhone 12 Pro', os: IOS, storageGB: [128, 256], ramGB: [6], tac: ['35330511'], serial: 'apple12', chip: '00008101', weight: 2 },
  { ...IPHONE, model: 'iPhone 13', os: IOS, storageGB: [128, 256], ramGB: [4], tac: ['35167812'], serial: 'apple10', chip: '00008110', weight: 4 },
  { ...IPHONE, model: 'iPhone 13 Pro', os: IOS, storageGB: [128, 256], ramGB: [6], tac: ['35393813'], serial: 'apple10', chip: '00008110', weight: 2 },
  { ...IPHONE, model: 'iPhone SE (3rd generation)', os: IOS, storageGB: [64, 128], ramGB: [4], tac: ['35563013'], serial: 'apple10', chip: '00008110', weight: 2 },
  { ...IPHONE, model: 'iPhone 14', os: IOS, storageGB: [128, 256], ramGB: [6], tac: ['35409114'], serial: 'apple10', chip: '00008110', weight: 4 },
  { ...IPHONE, model: 'iPhone 14 Pro', os: IOS, storageGB: [128, 256], ramGB: [6], tac: ['35026914'], serial: 'apple10', chip: '00008120', weight: 3 },
  { ...IPHONE, model: 'iPhone 15', os: IOS, storageGB: [128, 256], ramGB: [6], tac: ['35310915'], serial: 'apple10', chip: '00008120', weight: 5 },
  { ...IPHONE, model: 'iPhone 15 Pro', os: IOS, storageGB: [128, 256, 512], ramGB: [8], tac: ['35691573'], serial: 'apple10', chip: '00008130', weight: 4 },
  { ...IPHONE, model: 'iPhone 16', os: IOS_NEW, storageGB: [128, 256], ramGB: [8], tac: ['35056216'], serial: 'apple10', chip: '00008140', weight: 5 },
  { ...IPHONE, model: 'iPhone 16 Pro', os: IOS_NEW, storageGB: [128, 256, 512], ramGB: [8], tac: ['35871216'], serial: 'apple10', chip: '00008140', weight: 3 },
  { ...IPHONE, model: 'iPhone 16e', os: IOS_NEW, storageGB: [128, 256], ramGB: [8], tac: ['35418525'], serial: 'apple10', chip: '00008140', weight: 2 },
];

export const IPADS: readonly Hardware[] = [
  { ...IPAD, model: 'iPad (6th generation)', os: ['17.7.2', '17.7.10'], storageGB: [32, 128], ramGB: [2], serial: 'apple12', weight: 1 },
  { ...IPAD, model: 'iPad (9th generation)', os: IOS, storageGB: [64, 256], ramGB: [3], serial: 'apple12', chip: '00008030', weight: 4 },
  { ...IPAD, model: 'iPad (10th generation)', os: IOS, storageGB: [64, 256], ramGB: [4], serial: 'apple10', chip: '00008101', weight: 4 },
  { ...IPAD, model: 'iPad Air (5th generation)', os: IOS, storageGB: [64, 256], ramGB: [8], serial: 'apple10', chip: '00008103', weight: 3 },
  { ...IPAD, model: 'iPad Air 11-inch (M2)', os: IOS_NEW, storageGB: [128, 256], ramGB: [8], serial: 'apple10', chip: '00008112', weight: 2 },
  { ...IPAD, model: 'iPad Pro 11-inch (4th generation)', os: IOS, storageGB: [128, 256, 512], ramGB: [8], serial: 'apple10', chip: '00008112', weight: 2 },
  { ...IPAD, model: 'iPad Pro 11-inch (M4)', os: IOS_NEW, storageGB: [256, 512], ramGB: [8], serial: 'apple10', chip: '00008132', weight: 1 },
  { ...IPAD, model: 'iPad mini (6th generation)', os: IOS, storageGB: [64, 256], ramGB: [4], serial: 'apple10', chip: '00008110', weight: 2 },
];

/** Macs report their model identifier as `model`. */
export const MACS: readonly Hardware[] = [
  { ...MAC_BASE, model: 'MacBookAir10,1', name: 'MacBook Air', os: MAC, storageGB: [256, 512], ramGB: [8, 16], chassis: 'laptop', serial: 'apple12', weight: 4 },
  { ...MAC_BASE, model: 'Mac14,2', name: 'MacBook Air', os: MAC, storageGB: [256, 512], ramGB: [8, 16, 24], chassis: 'laptop', weight: 5 },
  { ...MAC_BASE, model: 'Mac15,12', name: 'MacBook Air', os: MAC_NEW, storageGB: [256, 512], ramGB: [8, 16], chassis: 'laptop', weight: 4 },
  { ...MAC_BASE, model: 'MacBookPro18,3', name: 'MacBook Pro', os: MAC, storageGB: [512, 1000], ramGB: [16, 32], chassis: 'laptop', weight: 3 },
  { ...MAC_BASE, model: 'Mac14,7', name: 'MacBook Pro', os: MAC, storageGB: [256, 512], ramGB: [8, 16], chassis: 'laptop', weight: 2 },
  { ...MAC_BASE, model: 'Mac15,6', name: 'MacBook Pro', os: MAC_NEW, storageGB: [512, 1000], ramGB: [18, 36], chassis: 'laptop', weight: 3 },
  { ...MAC_BASE, model: 'Mac16,1', name: 'MacBook Pro', os: MAC_NEW, storageGB: [512, 1000], ramGB: [16, 24], chassis: 'laptop', weight: 2 },
  { ...MAC_BASE, model: 'MacBookPro16,1', name: 'MacBook Pro', os: MAC_INTEL, storageGB: [512, 1000], ramGB: [16, 32], chassis: 'laptop', serial: 'apple12', arch: 'x64', weight: 1 },
  { ...MAC_BASE, model: 'iMac21,1', name: 'iMac', os: MAC, storageGB: [256, 512], ramGB: [8, 16], chassis: 'desktop', serial: 'apple12', ethernet: MAC_ETHERNET, weight: 1 },
  { ...MAC_BASE, model: 'Mac15,4', name: 'iMac', os: MAC_NEW, storageGB: [256, 512], ramGB: [8, 16, 24], chassis: 'desktop', ethernet: MAC_ETHERNET, weight: 1 },
  { ...MAC_BASE, model: 'Mac14,3', name: 'Mac mini', os: MAC, storageGB: [256, 512], ramGB: [8, 16], chassis: 'desktop', ethernet: MAC_ETHERNET, weight: 1 },
];

// ---- Windows --------------------------------------------------------------------------------------
export const WINDOWS_PCS: readonly Hardware[] = [
  { ...DELL, model: 'Latitude 5420', name: 'Latitude 5420', os: WIN_OLD, storageGB: [256, 512], ramGB: [8, 16], chassis: 'laptop', weight: 4 },
  { ...DELL, model: 'Latitude 5430', name: 'Latitude 5430', os: WIN, storageGB: [256, 512], ramGB: [16], chassis: 'laptop', weight: 4 },
  { ...DELL, model: 'Latitude 5440', name: 'Latitude 5440', os: WIN, storageGB: [256, 512], ramGB: [16, 32], chassis: 'laptop', weight: 5 },
  { ...DELL, model: 'Latitude 7440', name: 'Latitude 7440', os: WIN, storageGB: [512], ramGB: [16, 32], chassis: 'laptop', weight: 3 },
  { ...DELL, model: 'Precision 5570', name: 'Precision 5570', os: WIN, storageGB: [512, 1000], ramGB: [32, 64], chassis: 'laptop', weight: 1 },
  { ...DELL, model: 'OptiPlex 7090', name: 'OptiPlex 7090', os: WIN_OLD, storageGB: [256, 512], ramGB: [8, 16], chassis: 'desktop', weight: 2 },
  { ...DELL, model: 'OptiPlex 7010', name: 'OptiPlex 7010', os: WIN, storageGB: [256, 512], ramGB: [16], chassis: 'desktop', weight: 2 },
  { ...HP, model: 'HP EliteBook 840 G8 Notebook PC', name: 'EliteBook 840 G8', os: WIN_OLD, storageGB: [256, 512], ramGB: [8, 16], chassis: 'laptop', weight: 3 },
  { ...HP, model: 'HP EliteBook 840 G9 Notebook PC', name: 'EliteBook 840 G9', os: WIN, storageGB: [256, 512], ramGB: [16], chassis: 'laptop', weight: 3 },
  { ...HP, model: 'HP EliteBook 840 G10 Notebook PC', name: 'EliteBook 840 G10', os: WIN, storageGB: [512], ramGB: [16, 32], chassis: 'laptop', weight: 3 },
  { ...HP, model: 'HP EliteDesk 800 G6 Small Form Factor PC', name: 'EliteDesk 800 G6', os: WIN_OLD, storageGB: [256, 512], ramGB: [8, 16], chassis: 'desktop', weight: 1 },
  { ...LENOVO, model: '20W000T9US', name: 'ThinkPad T14 Gen 2', os: WIN_OLD, storageGB: [256, 512], ramGB: [16], chassis: 'laptop', weight: 2 },
  { ...LENOVO, model: '21AH00BSUS', name: 'ThinkPad T14 Gen 3', os: WIN, storageGB: [256, 512], ramGB: [16], chassis: 'laptop', weight: 3 },
  { ...LENOVO, model: '21HD0053US', name: 'ThinkPad T14 Gen 4', os: WIN, storageGB: [512], ramGB: [16, 32], chassis: 'laptop', weight: 3 },
  { ...LENOVO, model: '21CB007JUS', name: 'ThinkPad X1 Carbon Gen 10', os: WIN, storageGB: [512, 1000], ramGB: [16, 32], chassis: 'laptop', weight: 2 },
  { ...LENOVO, model: '21HM004GUS', name: 'ThinkPad X1 Carbon Gen 11', os: WIN, storageGB: [512, 1000], ramGB: [16, 32], chassis: 'laptop', weight: 2 },
  { ...SURFACE, model: 'Surface Laptop 5', name: 'Surface Laptop 5', os: WIN, storageGB: [256, 512], ramGB: [8, 16], weight: 2 },
  { ...SURFACE, model: 'Surface Laptop 6 for Business', name: 'Surface Laptop 6', os: WIN, storageGB: [256, 512], ramGB: [16, 32], weight: 2 },
  { ...SURFACE, model: 'Surface Laptop, 7th Edition', name: 'Surface Laptop 7', os: W11_24H2, storageGB: [256, 512], ramGB: [16, 32], arch: 'arM64', weight: 1 },
];

/** Reported total storage as a share of the marketed size (system partitions, binary vs decimal). */
export const STORAGE_FACTOR: Readonly<Record<string, number>> = {
  samsung: 0.899, Google: 1.0024, 'Zebra Technologies': 0.887, RealWear: 0.887, Oculus: 0.921, HTC: 0.9,
  LGE: 0.874, motorola: 0.891, Apple: 0.9998,
};
export const DEFAULT_STORAGE_FACTOR = 0.9964;

// ---- Carriers and phone numbers (fictional ranges: NANP 555-01xx, Ofcom 07700 900xxx) ------------
export interface Carrier { readonly name: string; readonly iccidPrefix: string }
export const CARRIERS_US: readonly Carrier[] = [
  { name: 'Verizon', iccidPrefix: '891480' }, { name: 'Verizon', iccidPrefix: '891480' },
  { name: 'AT&T', iccidPrefix: '890141' }, { name: 'AT&T', iccidPrefix: '890141' }, { name: 'T-Mobile', iccidPrefix: '8901260' },
];
export const CARRIERS_UK: readonly Carrier[] = [
  { name: 'Vodafone UK', iccidPrefix: '894410' }, { name: 'EE', iccidPrefix: '894412' }, { name: 'O2 - UK', iccidPrefix: '894411' },
];
export const US_AREA_CODES = ['425', '206', '212', '312', '415', '617', '713', '303', '404', '512', '469', '602', '720', '919'];

// ---- How each enrollment shows in Graph -------------------------------------------------------------
/**
 * One way a device of `platform` with `enrollment` is enrolled: for devices with a user (`user: true`),
 * without (`false`) or either (absent). `tag` is the platform part of Intune's managedDeviceName; `profiles`
 * are enrollment profile names to pick from (none: `enrollmentProfileName` `""`, Graph's default). Rows of a kind share by weight.
 */
export interface EnrollmentKind {
  readonly platform: GeneratorPlatform;
  readonly enrollment: Enrollment;
  readonly user?: boolean;
  readonly weight: number;
  readonly type: ManagedDevice['deviceEnrollmentType'];
  readonly owner: 'company' | 'personal';
  readonly agent: ManagedDevice['managementAgent'];
  readonly supervised: boolean;
  readonly tag: string;
  readonly profiles?: readonly string[];
  readonly join?: 'azureADJoined' | 'hybridAzureADJoined';
}
const AE = { owner: 'company', agent: 'googleCloudDevicePolicyController', supervised: false, tag: 'AndroidEnterprise', weight: 1 } as const;
const UE = { enrollment: 'userEnrollment', owner: 'personal', agent: 'mdm', supervised: false } as const;
const ADE = { enrollment: 'device', user: true, type: 'appleBulkWithUser', owner: 'company', agent: 'mdm', supervised: true, weight: 75 } as const;
const BYOD = { enrollment: 'device', user: true, type: 'userEnrollment', owner: 'personal', agent: 'mdm', supervised: false, weight: 25 } as const;
const SHARED = { enrollment: 'device', user: false, type: 'appleBulkWithoutUser', owner: 'company', agent: 'mdm', supervised: true, weight: 1, profiles: ['Shared devices - ADE (userless)'] } as const;
const PC = { platform: 'windows', enrollment: 'device', owner: 'company', supervised: false, tag: 'Windows' } as const;
export const ENROLLMENT_KINDS: readonly EnrollmentKind[] = [
  { platform: 'android', enrollment: 'deviceAdministrator', type: 'userEnrollment', owner: 'company', agent: 'mdm', supervised: false, tag: 'Android', weight: 6 },
  { platform: 'android', enrollment: 'deviceAdministrator', type: 'userEnrollment', owner: 'personal', agent: 'mdm', supervised: false, tag: 'Android', weight: 4 },
  { platform: 'android', enrollment: 'workProfile', type: 'userEnrollment', owner: 'personal', agent: 'googleCloudDevicePolicyController', supervised: false, tag: 'AndroidForWork', weight: 1 },
  { ...AE, platform: 'android', enrollment: 'corporateWorkProfile', type: 'androidEnterpriseCorporateWorkProfile', profiles: ['COPE - Executives', 'COPE - Sales', 'COPE - Standard'] },
  { ...AE, platform: 'android', enrollment: 'fullyManaged', type: 'androidEnterpriseFullyManaged', profiles: ['Fully managed - IT staff', 'Fully managed - Field service', 'Fully managed - Frontline'] },
  { ...AE, platform: 'android', enrollment: 'dedicated', type: 'androidEnterpriseDedicatedDevice', profiles: ['Warehouse scanners - kiosk', 'Store devices - multi-app kiosk', 'Delivery drivers - single app'] },
  { ...AE, platform: 'android', enrollment: 'aosp', user: false, type: 'androidAOSPUserlessDeviceEnrollment', agent: 'intuneAosp', tag: 'AOSP', profiles: ['Headsets - userless', 'Remote expert - userless'] },
  { ...AE, platform: 'android', enrollment: 'aosp', user: true, type: 'androidAOSPUserOwnedDeviceEnrollment', agent: 'intuneAosp', tag: 'AOSP', profiles: ['Headsets - user associated'] },
  { ...ADE, platform: 'ios', tag: 'iPhone', profiles: ['Corporate iPhone - ADE'] }, { ...BYOD, platform: 'ios', tag: 'iPhone' }, { ...SHARED, platform: 'ios', tag: 'iPhone' },
  { ...ADE, platform: 'ipados', tag: 'iPad', profiles: ['Corporate iPad - ADE'] }, { ...BYOD, platform: 'ipados', tag: 'iPad' }, { ...SHARED, platform: 'ipados', tag: 'iPad' },
  { ...ADE, platform: 'macos', tag: 'MacMDM', profiles: ['Corporate Mac - ADE'], weight: 85 }, { ...BYOD, platform: 'macos', tag: 'MacMDM', weight: 15 }, { ...SHARED, platform: 'macos', tag: 'MacMDM' },
  { ...UE, platform: 'ios', type: 'appleAccountDrivenUserEnrollment', tag: 'iPhone', weight: 7 }, { ...UE, platform: 'ios', type: 'appleUserEnrollment', tag: 'iPhone', weight: 3 },
  { ...UE, platform: 'ipados', type: 'appleAccountDrivenUserEnrollment', tag: 'iPad', weight: 7 }, { ...UE, platform: 'ipados', type: 'appleUserEnrollment', tag: 'iPad', weight: 3 },
  { ...PC, user: true, type: 'windowsAzureADJoin', agent: 'mdm', join: 'azureADJoined', profiles: ['Autopilot - User-driven'], weight: 55 },
  { ...PC, user: true, type: 'windowsCoManagement', agent: 'configurationManagerClientMdm', join: 'hybridAzureADJoined', weight: 30 },
  { ...PC, user: true, type: 'windowsAutoEnrollment', agent: 'mdm', join: 'hybridAzureADJoined', weight: 15 },
  { ...PC, user: false, type: 'windowsAzureADJoinUsingDeviceAuth', agent: 'mdm', join: 'azureADJoined', profiles: ['Autopilot - Self-deploying'], weight: 1 },
];

// ---- Notes ------------------------------------------------------------------------------------------
/** Co-managed Windows: the workloads moved to Intune. */
export const CM_FEATURES = {
  inventory: true, modernApps: true, resourceAccess: false, deviceConfiguration: false, compliancePolicy: true, windowsUpdateForBusiness: true,
  endpointProtection: true, officeApps: false,
} as const;
/** Configuration Manager client versions (current branch 2309, 2403, 2409) of co-managed PCs. */
export const CM_CLIENT_VERSIONS = ['5.00.9122.1000', '5.00.9128.1007', '5.00.9132.1011'];
export const SITE_NOTES = [
  'Seattle DC, receiving dock 3', 'Seattle DC, outbound', 'Redmond store 14, back office', 'Dallas DC, cold storage',
  'Plant floor B, line 2', 'Plant floor A, maintenance', 'London Heathrow hub, returns', 'Chicago store 7, front of house',
  'Training room 2', 'Field kit - north region',
];

// ---- People ----------------------------------------------------------------------------------------
export const FIRST_NAMES = [
  'Megan', 'Adele', 'Diego', 'Lee', 'Alex', 'Allan', 'Christie', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni',
  'Lidia', 'Lynne', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'Irvin', 'Enrico', 'Emily', 'Olivia', 'Liam', 'Noah',
  'Emma', 'Ava', 'Sophia', 'Mateo', 'Lucas', 'Mia', 'Amelia', 'James', 'Benjamin', 'Charlotte', 'Harper', 'Elijah',
  'Aisha', 'Omar', 'Fatima', 'Yusuf', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Wei', 'Mei', 'Hiroshi', 'Yuki',
  'Sakura', 'Minh', 'Linh', 'Chen', 'Jun', 'Seo-yeon', 'Ji-ho', 'Carlos', 'Lucia', 'Sofia', 'Javier', 'Camila',
  'Thomas', 'Anna', 'Lukas', 'Lena', 'Jonas', 'Freya', 'Oscar', 'Ingrid', 'Mikael', 'Astrid', 'Kwame', 'Amara',
  'Chloe', 'Daniel', 'Grace', 'Samuel', 'Zoe', 'David', 'Hannah', 'Ethan', 'Nora', 'Ryan', 'Leah', 'Marcus',
];
export const LAST_NAMES = [
  'Bowen', 'Vance', 'Siciliani', 'Gu', 'Wilber', 'Deyoung', 'Cline', 'Archie', 'Hills', 'Valdez', 'Lauer', 'Sherman',
  'Holloway', 'Robbins', 'Graham', 'Wilke', 'Fernandez', 'Gupta', 'Sink', 'Cattaneo', 'Braun', 'Smith', 'Johnson',
  'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson',
  'Anderson', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Tran', 'Kim', 'Park', 'Lee', 'Chen', 'Wang', 'Zhang',
  'Tanaka', 'Suzuki', 'Sato', 'Patel', 'Shah', 'Singh', 'Khan', 'Ahmed', 'Hassan', 'Okafor', 'Mensah', 'Silva',
  'Santos', 'Costa', 'Rossi', 'Bianchi', 'Muller', 'Schmidt', 'Fischer', 'Dubois', 'Laurent', 'Jansen', 'Nielsen',
  'Larsen', 'Johansson', 'Novak', 'Kowalski', "O'Brien", 'Murphy', 'Kelly',
];
export const JOB_TITLES = [
  'Marketing Manager', 'Retail Manager', 'HR Manager', 'Director', 'Marketing Assistant', 'Sales Representative',
  'Account Executive', 'Software Engineer', 'Product Manager', 'Financial Analyst', 'Store Associate',
  'Warehouse Associate', 'Field Technician', 'Customer Success Manager', 'IT Specialist', 'Legal Counsel',
  'Operations Manager', 'Designer', 'Data Analyst', 'Project Manager', 'Shift Supervisor', 'Nurse',
];

// ---- Compliance policies of fixtures/default.json (same ids) ---------------------------------------
export const COMPLIANCE_POLICIES: readonly CompliancePolicy[] = [
  {
    '@odata.type': '#microsoft.graph.iosCompliancePolicy', id: 'c9e916bf-694f-46ff-8bcc-32b8538925c3',
    createdDateTime: '2025-01-09T10:14:52.6913375Z',
    description: 'Passcode, OS version and jailbreak requirements for corporate and BYOD iPhones and iPads.',
    lastModifiedDateTime: '2026-03-02T15:41:07.2081946Z', displayName: 'iOS/iPadOS - Corporate baseline', version: 4,
    passcodeBlockSimple: true, passcodeExpirationDays: null, passcodeMinimumLength: 6,
    passcodeMinutesOfInactivityBeforeLock: 5, passcodeMinutesOfInactivityBeforeScreenTimeout: 5,
    passcodePreviousPasscodeBlockCount: null, passcodeMinimumCharacterSetCount: null, passcodeRequiredType: 'numeric',
    passcodeRequired: true, osMinimumVersion: '17.0', osMaximumVersion: null, osMinimumBuildVersion: null,
    osMaximumBuildVersion: null, securityBlockJailbrokenDevices: true, deviceThreatProtectionEnabled: false,
    deviceThreatProtectionRequiredSecurityLevel: 'unavailable', managedEmailProfileRequired: false,
  },
  {
    '@odata.type': '#microsoft.graph.androidWorkProfileCompliancePolicy', id: '308a4593-9252-422e-b83d-c70454ab2be9',
    createdDateTime: '2025-01-09T10:27:33.1450812Z',
    description: 'Work profile password, OS/patch level and Play Integrity requirements for personally-owned Android work profiles.',
    lastModifiedDateTime: '2026-01-20T09:05:44.8327170Z', displayName: 'Android work profile - BYOD baseline', version: 3,
    passwordRequired: true, passwordMinimumLength: 6, passwordRequiredType: 'numericComplex',
    passwordMinutesOfInactivityBeforeLock: 5, passwordExpirationDays: null, passwordPreviousPasswordBlockCount: null,
    passwordSignInFailureCountBeforeFactoryReset: null, securityPreventInstallAppsFromUnknownSources: false,
    securityDisableUsbDebugging: false, securityRequireVerifyApps: true, deviceThreatProtectionEnabled: false,
    deviceThreatProtectionRequiredSecurityLevel: 'unavailable', securityBlockJailbrokenDevices: true,
    osMinimumVersion: '10.0', osMaximumVersion: null, minAndroidSecurityPatchLevel: '2025-01-01',
    storageRequireEncryption: true, securityRequireSafetyNetAttestationBasicIntegrity: true,
    securityRequireSafetyNetAttestationCertifiedDevice: true, securityRequireGooglePlayServices: true,
    securityRequireUpToDateSecurityProviders: true, securityRequireCompanyPortalAppIntegrity: true,
  },
];
