/**
 * A stored device as Graph writes it. Real Graph hides some properties unless they are asked for
 * (docs/graph-fidelity.md#manageddevice, docs-contrib #1638, msgraph-sdk-powershell #2832, ForgeRock/intune-node):
 * - in a LIST they are always their "empty" value (`null`, `0`), even with `$select`;
 * - on a single GET without `$select` they are `""`/`null`/`0` (`ethernetMacAddress` does show);
 * - on a single GET that `$select`s them, their real value.
 * `deviceActionResults` is `[]` in every list and filled on a single GET, with or without `$select`
 * (docs/graph-fidelity.md#action-results).
 * `/beta` adds the beta-only properties; v1.0 never shows them.
 */
import { visibleResults } from '../domain/action-results.js';
import { visibleBypassCode } from '../domain/simulation/apple-effects.js';
import { betaDeviceType } from '../domain/platform.js';
import type { Static } from '@sinclair/typebox';
import {
  HardwareInformationSchema, ManagedDeviceBetaDerivedSchema, ManagedDeviceBetaStoredSchema, ManagedDeviceV1Schema,
  SELECT_ONLY_PROPERTIES, type ManagedDevice,
} from '../schemas/managed-device.js';
import type { DeviceRecord } from '../domain/tenant-state.js';

export type GraphVersion = 'v1.0' | 'beta';
type HardwareInformation = Static<typeof HardwareInformationSchema>;

const V1_KEYS = Object.keys(ManagedDeviceV1Schema.properties);
const BETA_KEYS = [...V1_KEYS, ...Object.keys(ManagedDeviceBetaStoredSchema.properties), ...Object.keys(ManagedDeviceBetaDerivedSchema.properties)];
export const propertyNames = (version: GraphVersion): readonly string[] => (version === 'beta' ? BETA_KEYS : V1_KEYS);

/**
 * A member's value when Intune has nothing for it: `null` where nullable, else `0`, `false`, or the enum's
 * `unknown` member (its first member where it has none, the value a .NET default gives).
 */
function emptyValue(schema: unknown): unknown {
  const { type, enum: members } = schema as { type?: string | string[]; enum?: unknown[] };
  if (Array.isArray(type)) return null;
  if (members) return members.includes('unknown') ? 'unknown' : members[0];
  return type === 'integer' || type === 'number' ? 0 : type === 'boolean' ? false : null;
}
const EMPTY_HARDWARE: Readonly<Record<string, unknown>> = Object.fromEntries(
  Object.entries(HardwareInformationSchema.properties).map(([k, s]) => [k, emptyValue(s)]),
);

/** `hardwareInformation` members that repeat a v1.0 property: read from it, so the two never disagree. */
const HARDWARE_MIRRORS = {
  serialNumber: 'serialNumber', totalStorageSpace: 'totalStorageSpaceInBytes', freeStorageSpace: 'freeStorageSpaceInBytes',
  imei: 'imei', meid: 'meid', manufacturer: 'manufacturer', model: 'model', phoneNumber: 'phoneNumber',
  subscriberCarrier: 'subscriberCarrier', wifiMac: 'wiFiMacAddress', isSupervised: 'isSupervised', isEncrypted: 'isEncrypted',
} as const satisfies Partial<Record<keyof HardwareInformation, keyof ManagedDevice>>;

/**
 * The real `hardwareInformation` (a single GET that `$select`s it, docs-contrib #8667): every member, the
 * mirrored ones from the device's v1.0 properties, the rest as stored (a fixture or the generator), else empty.
 */
function hardwareInformation(device: ManagedDevice): Record<string, unknown> {
  const out: Record<string, unknown> = { ...EMPTY_HARDWARE };
  for (const [member, property] of Object.entries(HARDWARE_MIRRORS)) out[member] = device[property];
  for (const [member, value] of Object.entries(device.hardwareInformation ?? {})) if (value !== undefined) out[member] = value;
  return out;
}

/** What a select-only property reads when Graph hides it. */
const LIST_VALUE: Record<string, unknown> = {
  activationLockBypassCode: null, remoteAssistanceSessionUrl: null, iccid: null, udid: null, notes: null,
  ethernetMacAddress: null, physicalMemoryInBytes: 0, hardwareInformation: EMPTY_HARDWARE, bootstrapTokenEscrowed: false,
};
const SINGLE_VALUE: Record<string, unknown> = {
  ...LIST_VALUE, remoteAssistanceSessionUrl: '', iccid: '', udid: '',
};
/** Shown on a single GET even without `$select` (ForgeRock/intune-node README). */
const SHOWN_ON_SINGLE: ReadonlySet<string> = new Set(['ethernetMacAddress']);
/**
 * `""` on a real single GET (ForgeRock/intune-node README) and `null` in real lists (JMarquee85/intune_reporting
 * README, a v1.0 list of 2024): a list writes their empty value as `null`.
 */
const NULL_WHEN_EMPTY_IN_LISTS = ['remoteAssistanceSessionErrorDetails', 'enrollmentProfileName'] as const;

export interface SerializeOptions {
  version: GraphVersion;
  /** A single-entity GET (as opposed to a collection). */
  single: boolean;
  /** `$select`ed property names, or undefined for all. */
  select?: readonly string[] | undefined;
  /** The mock clock's now: a generated passcode older than 7 days reads null. */
  now: number;
  /**
   * A single GET's `@odata.context`, made the answer's first member: the answer is built with it rather than
   * copied into `{ '@odata.context', ...device }` (a second object of 56 to 79 members per GET).
   */
  context?: string;
}

/**
 * An object with `keys`, in their order, made once per key list; serialising copies it and fills it in.
 * V8 copies its shape in one step and the copy has fast properties. Adding 56 to 79 keys one by one to
 * `{}` gave fast properties only when V8 happened to know that sequence of keys already (it did while
 * stored devices were made by structuredClone); otherwise a dictionary-mode object, which cost about a
 * third more CPU per single GET to spread and stringify (BENCHMARKS.md).
 */
const blanks = new Map<string, Readonly<Record<string, unknown>>>();
const BLANK_CACHE_LIMIT = 256;
const CONTEXT = '@odata.context';
const blankFor = (keys: readonly string[], context: boolean): Readonly<Record<string, unknown>> => {
  const id = (context ? '\u0001' : '') + (keys === V1_KEYS ? '\u0000v1' : keys === BETA_KEYS ? '\u0000beta' : keys.join(','));
  let blank = blanks.get(id);
  if (!blank) {
    // JSON.parse builds an object with fast properties, whatever its size. Every value is overwritten.
    blank = JSON.parse(`{${(context ? [CONTEXT, ...keys] : keys).map((k) => `${JSON.stringify(k)}:null`).join(',')}}`) as Record<string, unknown>;
    if (blanks.size >= BLANK_CACHE_LIMIT) blanks.clear(); // `$select` lists are the client's: bounded
    blanks.set(id, blank);
  }
  return blank;
};

export function serializeDevice(record: DeviceRecord, opts: SerializeOptions): Record<string, unknown> {
  const { device } = record;
  const keys = opts.select ?? propertyNames(opts.version);
  const selected = opts.select !== undefined;
  const out: Record<string, unknown> = { ...blankFor(keys, opts.context !== undefined) };
  if (opts.context !== undefined) out[CONTEXT] = opts.context;
  for (const key of keys) {
    if (SELECT_ONLY_PROPERTIES.has(key)) {
      if (opts.single && (selected || SHOWN_ON_SINGLE.has(key))) {
        out[key] = key === 'hardwareInformation' ? hardwareInformation(device)
          : key === 'activationLockBypassCode' ? visibleBypassCode(record, opts.now) : (device as Record<string, unknown>)[key];
      }
      else out[key] = opts.single ? SINGLE_VALUE[key] : LIST_VALUE[key];
      continue;
    }
    if (key === 'deviceActionResults') out[key] = opts.single ? visibleResults(device, opts.now) : [];
    else if (key === 'configurationManagerClientEnabledFeatures') out[key] = enabledFeatures(device[key], opts.version);
    else out[key] = key in device ? (device as Record<string, unknown>)[key] : derived(record, key);
  }
  if (!opts.single) for (const key of NULL_WHEN_EMPTY_IN_LISTS) if (out[key] === '') out[key] = null;
  return out;
}

/** v1.0's members only; on beta every member, `false` for one that is not stored (a .NET default). */
function enabledFeatures(stored: ManagedDevice['configurationManagerClientEnabledFeatures'], version: GraphVersion): unknown {
  if (stored === null) return null;
  const { endpointProtection = false, officeApps = false, ...v1 } = stored;
  return version === 'beta' ? { ...v1, endpointProtection, officeApps } : v1;
}

/** The beta properties that mirror v1.0 ones, computed so they never drift. */
function derived(record: DeviceRecord, key: string): unknown {
  const { device, simulation } = record;
  switch (key) {
    case 'ownerType':
      return device.managedDeviceOwnerType === 'unknownFutureValue' ? 'unknown' : device.managedDeviceOwnerType;
    case 'azureActiveDirectoryDeviceId':
      return device.azureADDeviceId;
    case 'aadRegistered':
      return device.azureADRegistered;
    case 'deviceType':
      return betaDeviceType(device.operatingSystem, device.model, simulation.enrollment);
    default:
      return undefined;
  }
}

/** The property bag `$filter` and `$orderby` read: the stored device plus the beta-derived properties on /beta. */
export function filterView(version: GraphVersion): (record: DeviceRecord) => Record<string, unknown> {
  if (version === 'v1.0') return (r) => r.device as Record<string, unknown>;
  return (r) => new Proxy(r.device as Record<string, unknown>, {
    get: (target, key: string) => (key in target ? target[key] : derived(r, key)),
  });
}
