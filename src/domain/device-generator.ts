/**
 * Generated devices and fleets in the style of `fixtures/default.json`: realistic hardware from
 * `device-catalog.ts`, Graph properties consistent with the platform and enrollment (docs/simulation.md#devices), and
 * a matching `simulation`; the beta hardware details come from `device-hardware.ts`. Every choice comes from the `Random` passed in (so a seed repeats a fleet byte for
 * byte) and every timestamp from `now` (never the wall clock). Built for speed: tables are expanded once,
 * identifiers are drawn 32 bits at a time from lookup tables, nothing is parsed or cloned per device.
 */
import type { Fixture, FixtureDevice } from '../schemas/fixture.js';
import type { Enrollment, SimulationInput } from '../schemas/simulation.js';
import type { User } from '../schemas/user.js';
import * as C from './device-catalog.js';
import { FLEET_MIX, PLATFORM_ENROLLMENTS, SERIAL_PREFIXES as P, type GeneratorPlatform } from './device-catalog.js';
import { hardwareInformationFor } from './device-hardware.js';
import { compareVersions } from './platform.js';
import { createRandom, type Random } from './random.js';
import { locationFor } from './device-location.js';

export { FLEET_MIX, PLATFORM_ENROLLMENTS, type GeneratorPlatform } from './device-catalog.js';

const DAY = 86_400_000;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const ALNUM = '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
const CONSONANTS = '0123456789BCDFGHJKLMNPQRSTVWXYZ';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const HEX_LOWER = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const HEX_UPPER = Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));

const expand = <T>(rows: readonly T[], weight: (row: T) => number): T[] => rows.flatMap((row) => Array<T>(weight(row)).fill(row));
const weighted = (rows: readonly C.Hardware[]) => expand(rows, (h) => h.weight);
const MIX_TABLE = expand(FLEET_MIX, (m) => m[2]);
const HARDWARE: Readonly<Record<string, readonly C.Hardware[]>> = {
  deviceAdministrator: weighted(C.ANDROID_LEGACY), workProfile: weighted(C.ANDROID_PHONES),
  corporateWorkProfile: weighted(C.ANDROID_PHONES), fullyManaged: weighted([...C.ANDROID_PHONES, ...C.ANDROID_RUGGED]),
  dedicated: weighted(C.ANDROID_RUGGED), aosp: weighted(C.ANDROID_AOSP),
  ios: weighted(C.IPHONES), ipados: weighted(C.IPADS), macos: weighted(C.MACS), windows: weighted(C.WINDOWS_PCS),
};
const month = (yyyyMm: string): number => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;
const PATCH_WINDOWS = new Map(Object.entries(C.ANDROID_PATCH_WINDOWS).map(([v, [a, b]]) => [v, [month(a), month(b)] as const]));
/** Reported bytes of a model's storage size: marketed size, less what the vendor keeps, never a round number. */
const totalBytes = (h: C.Hardware, gb: number): number =>
  Math.round((gb * 1e9 * (C.STORAGE_FACTOR[h.manufacturer] ?? C.DEFAULT_STORAGE_FACTOR)) / 4096 - 1 - ((h.model.length * 7919 + gb) % 9973)) * 4096;

// ---- Random building blocks (all drawn from `Random`) ---------------------------------------------
const below = (r: Random, n: number): number => Math.floor(r.next() * n);
const chance = (r: Random, p: number): boolean => r.next() < p;
/**
 * Strings are built flat (`join`, `fromCharCode`): concatenations and slices would leave a tree of cons and
 * sliced strings behind every identifier, tripling the heap (and the GC time) of a big fleet.
 */
const flat = (...parts: (string | number)[]): string => parts.join('');

/** `n` random hex digits, 32 bits per draw; `guid` adds the dashes (8-4-4-4-12), `v4` also the version bits. */
function hex(r: Random, n: number, upper: boolean, form: 'plain' | 'guid' | 'v4' = 'plain'): string {
  const table = upper ? HEX_UPPER : HEX_LOWER;
  const out: number[] = [];
  for (let i = 0, w = 0; i < n; i++, w >>>= 4) {
    if ((i & 7) === 0) w = (r.next() * 4294967296) >>> 0;
    if (form !== 'plain' && (i === 8 || i === 12 || i === 16 || i === 20)) out.push(45);
    out.push(table[w & 15]!);
  }
  if (form === 'v4') {
    out[14] = 52;
    out[19] = table[8 + below(r, 4)]!;
  }
  return String.fromCharCode(...out);
}
/** `n` (≤ 15) decimal digits from one or two draws. */
const digits = (r: Random, n: number): string =>
  n > 8 ? digits(r, n - 8) + digits(r, 8) : String(below(r, 10 ** n)).padStart(n, '0');
function chars(r: Random, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet.charAt(below(r, alphabet.length));
  return s;
}
/** A v4 GUID, lowercase, from five draws (`Random.uuid` draws 32 times and is several times slower). */
const guid = (r: Random): string => hex(r, 32, false, 'v4');

/** `body` followed by its Luhn check digit (IMEI, ICCID). */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return flat(body, (10 - (sum % 10)) % 10);
}

/** "YYYY-MM-DDT" of each day seen (a fleet spans a few hundred). */
const DATES = new Map<number, string>();

/** ISO 8601 in UTC: with `frac`, Graph's seven fractional digits ("2025-02-11T15:22:08.4187236Z"); without, whole seconds. */
function isoAt(msFloat: number, frac?: string): string {
  const ms = Math.floor(msFloat), day = Math.floor(ms / DAY);
  let date = DATES.get(day);
  if (date === undefined) {
    if (DATES.size > 50_000) DATES.clear();
    DATES.set(day, (date = new Date(day * DAY).toISOString().slice(0, 11)));
  }
  let t = ms - day * DAY;
  const h = Math.floor(t / 3_600_000), m = Math.floor((t -= h * 3_600_000) / 60_000), s = Math.floor((t -= m * 60_000) / 1000);
  return frac === undefined ? flat(date, PAD2[h]!, ':', PAD2[m]!, ':', PAD2[s]!, 'Z')
    : flat(date, PAD2[h]!, ':', PAD2[m]!, ':', PAD2[s]!, '.', PAD3[t - s * 1000]!, frac, 'Z');
}
const iso7 = (r: Random, ms: number): string => isoAt(ms, digits(r, 4));
/** The date part of an Intune `managedDeviceName`: "2/11/2025_3:22 PM" (UTC). */
function intuneStamp(d: Date): string {
  const h = d.getUTCHours();
  return flat(d.getUTCMonth() + 1, '/', d.getUTCDate(), '/', d.getUTCFullYear(), '_', h % 12 || 12, ':', PAD2[d.getUTCMinutes()]!, h < 12 ? ' AM' : ' PM');
}

function serialFor(r: Random, style: C.SerialStyle, enrolled: Date): string {
  switch (style) {
    case 'samsung': return `R${r.pick(P.samsung)}${chars(r, 'NRTWXY', 1)}${chars(r, '123456789ABC', 1)}${chars(r, ALNUM, 6)}`;
    case 'pixel': return flat(digits(r, 5), chars(r, LETTERS, 4), digits(r, 2), chars(r, ALNUM, 3));
    case 'zebra': return flat(PAD2[(enrolled.getUTCFullYear() - below(r, 2)) % 100]!, String(1 + below(r, 365)).padStart(3, '0'), '5225', digits(r, 5));
    case 'realwear': return `0622${digits(r, 8)}`;
    case 'quest': return flat(r.pick(P.quest), chars(r, ALNUM, 9));
    case 'htc': return `FA${digits(r, 2)}${chars(r, LETTERS, 2)}${digits(r, 5)}`;
    case 'motorola': return `ZY22${chars(r, ALNUM, 6)}`;
    case 'nexus': return hex(r, 16, false);
    case 'apple10': return chars(r, CONSONANTS, 10);
    case 'apple12': return flat(r.pick(P.apple), chars(r, CONSONANTS, 9));
    case 'dell': return chars(r, CONSONANTS, 7);
    case 'hp': return `${r.pick(P.hp)}${digits(r, 4)}${chars(r, CONSONANTS, 3)}`;
    case 'lenovo': return `${r.pick(P.lenovo)}${chars(r, CONSONANTS, 6)}`;
    case 'surface': return `0${digits(r, 11)}`;
  }
}

/** A patch level the OS version shipped with, mostly recent, never after the month before `now`. */
function patchLevel(r: Random, osVersion: string, hw: C.Hardware, nowMonth: number): string {
  const [first, last] = PATCH_WINDOWS.get(osVersion) ?? [nowMonth - 12, nowMonth - 1];
  const end = Math.max(first, Math.min(last, nowMonth - 1));
  const m = Math.max(first, end - Math.floor(r.next() ** 2 * 12));
  return `${Math.floor(m / 12)}-${PAD2[(m % 12) + 1]!}-${hw.manufacturer === 'Google' && chance(r, 0.6) ? '05' : '01'}`;
}

/** The enrollment kinds by platform, enrollment and whether the device has a user, expanded by weight. */
const KINDS = new Map<string, C.EnrollmentKind[]>();
for (const kind of C.ENROLLMENT_KINDS) {
  for (const hasUser of kind.user === undefined ? [true, false] : [kind.user]) {
    const key = `${kind.platform}/${kind.enrollment}/${hasUser}`;
    KINDS.set(key, [...(KINDS.get(key) ?? []), ...expand([kind], (k) => k.weight)]);
  }
}

function deviceNameFor(r: Random, platform: GeneratorPlatform, enrollment: Enrollment, hw: C.Hardware, e: C.EnrollmentKind, serial: string, user: User | null, model: string): string {
  switch (platform) {
    case 'android': return enrollment === 'aosp' || (enrollment === 'deviceAdministrator' && chance(r, 0.5)) ? model : hw.name;
    case 'windows':
      if (e.profiles !== undefined) return flat('CTS-', serial.slice(0, 11)); // Autopilot naming template CTS-%SERIAL%
      return e.join === 'hybridAzureADJoined' && chance(r, 0.7) ? flat(hw.chassis === 'desktop' ? 'CTS-DT-' : 'CTS-LT-', digits(r, 5)) : flat('DESKTOP-', chars(r, ALNUM, 7));
    default: {
      if (!user) return e.supervised && serial ? serial : hw.name;
      return flat(user.givenName ?? user.displayName?.split(' ')[0] ?? user.userPrincipalName.split('@')[0]!, "'s ", hw.name);
    }
  }
}

export interface GenerateDeviceOptions {
  platform?: GeneratorPlatform;
  enrollment?: Enrollment;
  /** The device's user; `null` for a userless device. Absent: userless for dedicated and AOSP, a generated user otherwise. */
  user?: User | null;
  /** Milliseconds since the epoch: the device enrolled and last synced before it. */
  now: number;
  id?: string;
  /**
   * Choices that decide behaviour, fixed instead of drawn (a created device's defaults,
   * `creation-defaults.ts`): how it enrolled (a row of `ENROLLMENT_KINDS` for its platform and
   * enrollment), the lowest OS version it may run, and its compliance state.
   */
  fixed?: FixedChoices;
}

export interface FixedChoices {
  kind?: C.EnrollmentKind;
  minOsVersion?: string;
  /** The grace period's end is drawn only for `inGracePeriod`; any other state keeps Graph's `9999-12-31…`. */
  complianceState?: Compliance;
}
type Compliance = NonNullable<FixtureDevice['complianceState']>;

/** One realistic device with a consistent `simulation`. A RangeError for an enrollment the platform does not have. */
export function generateDevice(random: Random, opts: GenerateDeviceOptions): FixtureDevice {
  let { platform, enrollment } = opts;
  const candidates = FLEET_MIX.filter(([p, e]) => (platform === undefined || p === platform) && (enrollment === undefined || e === enrollment));
  if (candidates.length === 0) {
    const valid = platform === undefined ? undefined : PLATFORM_ENROLLMENTS[platform];
    throw new RangeError(valid === undefined ? `unknown platform or enrollment '${String(platform ?? enrollment)}'`
      : `enrollment '${String(enrollment)}' is not valid for platform '${platform}' (${valid.join(', ')})`);
  }
  if (platform === undefined || enrollment === undefined) [platform, enrollment] = random.pick(expand(candidates, (m) => m[2]));
  const user = opts.user !== undefined ? opts.user : enrollment === 'dedicated' || enrollment === 'aosp' ? null : generateUsers(random, 1)[0]!;
  const kind = opts.fixed?.kind;
  if (kind !== undefined && (kind.platform !== platform || kind.enrollment !== enrollment)) {
    throw new RangeError(`enrollment kind ${kind.platform}/${kind.enrollment} does not fit ${platform}/${enrollment}`);
  }
  return build(random, platform, enrollment, user, clockOf(opts.now), opts.id ?? guid(random), opts.fixed);
}

/** The hardware of a kind of device that can run `minOsVersion` or later (all of it when none can). */
function hardwareFrom(table: readonly C.Hardware[], minOsVersion: string | undefined): readonly C.Hardware[] {
  if (minOsVersion === undefined) return table;
  const able = table.filter((h) => h.os.some((v) => compareVersions(v, minOsVersion) >= 0));
  return able.length > 0 ? able : table;
}

interface Clock { now: number; year: number; month: number }
const clockOf = (now: number): Clock => {
  const d = new Date(now);
  return { now, year: d.getUTCFullYear(), month: d.getUTCFullYear() * 12 + d.getUTCMonth() };
};

function build(r: Random, platform: GeneratorPlatform, enrollment: Enrollment, user: User | null, clock: Clock, id: string, fixed: FixedChoices = {}): FixtureDevice {
  const { now } = clock;
  const { minOsVersion } = fixed;
  // Fixed choices only narrow what is drawn: without them the draws are the fleet's, value for value.
  const hw = r.pick(hardwareFrom(HARDWARE[platform === 'android' ? enrollment : platform]!, minOsVersion));
  const android = platform === 'android', windows = platform === 'windows', apple = !android && !windows;
  const hidden = enrollment === 'userEnrollment'; // Apple user enrollment keeps the hardware identifiers private
  const e = fixed.kind ?? r.pick(KINDS.get(`${platform}/${enrollment}/${user !== null}`)!);
  const profile = e.profiles === undefined ? null : r.pick(e.profiles);
  const uk = chance(r, 0.25);
  const model = uk && hw.intlModel !== undefined ? hw.intlModel : hw.model;
  const versions = minOsVersion === undefined ? hw.os : hw.os.filter((v) => compareVersions(v, minOsVersion) >= 0);
  const osVersion = r.pick(versions.length > 0 ? versions : hw.os);

  const enrolledMs = now - Math.floor((0.2 + r.next() * 700) * DAY);
  const x = r.next();
  const syncAgo = x < 0.85 ? r.next() * DAY : x < 0.97 ? (1 + r.next() * 13) * DAY : (14 + r.next() * 60) * DAY;
  const lastSyncMs = now - Math.floor(Math.min(syncAgo, (now - enrolledMs) * r.next()));
  const enrolled = new Date(enrolledMs);
  // The MDM certificate renews yearly on the enrolment anniversary (issued ~10 h before, valid a year).
  let certMs = Date.UTC(clock.year, enrolled.getUTCMonth(), enrolled.getUTCDate(), enrolled.getUTCHours(), enrolled.getUTCMinutes()) - 617 * 60_000;
  if (certMs <= now) certMs = Date.UTC(clock.year + 1, enrolled.getUTCMonth(), enrolled.getUTCDate(), enrolled.getUTCHours(), enrolled.getUTCMinutes()) - 617 * 60_000;

  let compliance: Compliance;
  if (fixed.complianceState !== undefined) compliance = fixed.complianceState;
  else {
    const c = r.next();
    compliance = c < 0.85 ? 'compliant' : c < 0.95 ? 'noncompliant' : 'inGracePeriod';
    if ((platform === 'ios' || platform === 'ipados') && parseInt(osVersion, 10) < 17) compliance = 'noncompliant'; // under the iOS policy's 17.0
  }

  const serial = hidden ? '' : serialFor(r, hw.serial, enrolled);
  const carrier = hw.tac !== undefined && !hidden ? r.pick(uk ? C.CARRIERS_UK : C.CARRIERS_US) : undefined;
  const phone = carrier && chance(r, e.owner === 'personal' ? 0.95 : 0.7)
    ? uk ? flat('+447700900', digits(r, 3)) : flat('+1', r.pick(C.US_AREA_CODES), '55501', digits(r, 2)) : '';
  const none = windows ? null : '';
  const total = totalBytes(hw, r.pick(hw.storageGB));
  const upn = user?.userPrincipalName ?? '';
  const notes = enrollment === 'dedicated' || (enrollment === 'aosp' && !user) ? r.pick(C.SITE_NOTES)
    : e.owner === 'company' && chance(r, 0.5) ? flat('Asset CTS-', 10000 + below(r, 90000)) : null;
  const udid = !apple || hidden ? '' : platform === 'macos' ? hex(r, 32, true, 'guid') // the Mac's hardware UUID
    : hw.chip !== undefined ? flat(hw.chip, '-00', hex(r, 14, true)) : hex(r, 40, false);

  const device: FixtureDevice = {
    id, userId: user?.id ?? '', deviceName: deviceNameFor(r, platform, enrollment, hw, e, serial, user, model), managedDeviceOwnerType: e.owner,
    enrolledDateTime: iso7(r, enrolledMs), lastSyncDateTime: iso7(r, lastSyncMs),
    operatingSystem: android ? 'Android' : platform === 'ios' ? 'iOS' : platform === 'ipados' ? 'iPadOS' : platform === 'macos' ? 'macOS' : 'Windows',
    complianceState: compliance, jailBroken: windows ? 'Unknown' : 'False', managementAgent: e.agent, osVersion,
    azureADRegistered: user !== null || windows, deviceEnrollmentType: e.type, emailAddress: user ? (user.mail ?? upn) : '',
    azureADDeviceId: user || windows ? guid(r) : NIL_GUID, deviceRegistrationState: 'registered', isSupervised: e.supervised,
    exchangeAccessState: 'none', exchangeAccessStateReason: 'none',
    isEncrypted: compliance === 'noncompliant' && (windows || platform === 'macos') ? chance(r, 0.7) : true,
    userPrincipalName: upn, model, manufacturer: hw.manufacturer, imei: carrier ? withLuhn(r.pick(hw.tac!) + digits(r, 6)) : none,
    serialNumber: serial, phoneNumber: windows ? null : phone,
    androidSecurityPatchLevel: android ? patchLevel(r, osVersion, hw, clock.month) : null, userDisplayName: user?.displayName ?? '',
    wiFiMacAddress: hidden ? '' : r.pick(hw.oui) + hex(r, 6, true), subscriberCarrier: carrier?.name ?? '', meid: none,
    totalStorageSpaceInBytes: total, freeStorageSpaceInBytes: Math.round((total * (0.08 + r.next() * 0.8)) / 4096) * 4096,
    managedDeviceName: flat(user ? upn.slice(0, upn.indexOf('@')) : '', user ? '_' : '', e.tag, '_', intuneStamp(enrolled)),
    partnerReportedThreatState: 'unknown', managementCertificateExpirationDate: isoAt(certMs),
    iccid: carrier ? withLuhn(carrier.iccidPrefix + digits(r, 19 - carrier.iccidPrefix.length)) : '', udid, notes,
    ethernetMacAddress: hw.ethernet ? r.pick(hw.ethernet) + hex(r, 6, true) : null, physicalMemoryInBytes: r.pick(hw.ramGB) * 1073741824,
    enrollmentProfileName: profile ?? '', chassisType: hw.chassis,
  };

  if (compliance === 'inGracePeriod') device.complianceGracePeriodExpirationDateTime = iso7(r, now + Math.floor((1 + r.next() * 13) * DAY));
  if (windows) {
    const eas: Partial<FixtureDevice> = user ? { easActivated: true, easDeviceId: hex(r, 32, true), easActivationDateTime: iso7(r, enrolledMs + (5 + below(r, 25)) * 60_000) } : {};
    const enterprise = chance(r, 0.85);
    Object.assign(device, eas, e.agent === 'configurationManagerClientMdm' ? { configurationManagerClientEnabledFeatures: { ...C.CM_FEATURES } } : {}, {
      processorArchitecture: hw.arch ?? 'x64', joinType: e.join, autopilotEnrolled: profile !== null,
      skuFamily: enterprise ? 'Enterprise' : 'Professional', skuNumber: enterprise ? 4 : 48,
    } satisfies Partial<FixtureDevice>);
  } else if (platform === 'macos') {
    Object.assign(device, { processorArchitecture: hw.arch ?? 'arM64', bootstrapTokenEscrowed: e.supervised } satisfies Partial<FixtureDevice>);
  }
  device.hardwareInformation = hardwareInformationFor(r, {
    platform, enrollment, hw, model, osVersion, deviceName: device.deviceName ?? '', uk, hasUser: user !== null,
    ...(e.join ? { join: e.join } : {}), enterprise: device.skuFamily === 'Enterprise',
  });
  if (windows && user) device.usersLoggedOn = [{ userId: user.id, lastLogOnDateTime: iso7(r, Math.max(enrolledMs, lastSyncMs - Math.floor(r.next() * 8 * 3_600_000))) }];
  if (e.agent === 'configurationManagerClientMdm') {
    device.configurationManagerClientHealthState = { state: 'healthy', errorCode: 0, lastSyncDateTime: iso7(r, Math.max(enrolledMs, lastSyncMs - Math.floor(r.next() * DAY))) };
    device.configurationManagerClientInformation = { clientIdentifier: flat('GUID:', hex(r, 32, true, 'guid')), isBlocked: false, clientVersion: r.pick(C.CM_CLIENT_VERSIONS) };
  }
  const simulation: SimulationInput = { enrollment, passcode: { set: true } };
  if (enrollment === 'workProfile' || enrollment === 'corporateWorkProfile') {
    const set = chance(r, 0.9); // a work-profile passcode, and for personal ones a reset token once the user entered it
    simulation.workProfilePasscode = { set };
    if (enrollment === 'workProfile') simulation.resetToken = set && chance(r, 0.6) ? 'active' : 'inactive';
  }
  // Its own seeded draws (device-location.ts): the fleet's other values stay as they were.
  simulation.location = locationFor(id, uk);
  // BitLocker follows Graph's isEncrypted, so a rotateBitLockerKeys fails on the unencrypted ones (no randomness drawn).
  if (windows) simulation.bitLocker = { encrypted: device.isEncrypted === true };
  // FileVault likewise on corporate Macs: on (its key escrowed) as their isEncrypted, so a rotation fails on the others.
  if (platform === 'macos' && e.owner === 'company') simulation.fileVault = { enabled: device.isEncrypted === true };
  device.simulation = Object.assign(simulation, { online: true, notifications: [] });
  return device;
}

/** `count` people with unique userPrincipalNames in the Contoso demo style ("MeganB@…", then "MeganB2@…"). */
export function generateUsers(random: Random, count: number, domain = 'contoso.onmicrosoft.com'): User[] {
  const seen = new Map<string, number>();
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const givenName = random.pick(C.FIRST_NAMES), surname = random.pick(C.LAST_NAMES);
    const base = `${givenName}${surname.charAt(0)}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    const upn = flat(base, n > 1 ? n : '', '@', domain);
    users.push({ id: guid(random), userPrincipalName: upn, displayName: flat(givenName, ' ', surname), mail: upn, givenName, surname, jobTitle: random.pick(C.JOB_TITLES) });
  }
  return users;
}

export interface GenerateFleetOptions {
  count: number;
  seed: string | number;
  /** Milliseconds since the epoch: every device enrolled and last synced before it. */
  now: number;
  /** How many users share the devices; default max(5, count/3). */
  users?: number;
}

/**
 * A fleet of `count` devices: every platform/enrollment combination once `count` ≥ 12 (then `FLEET_MIX`),
 * users shared between devices (dedicated and most AOSP devices userless), and the two compliance
 * policies of the default fixture. The same options give the same fixture, byte for byte as JSON.
 */
export function generateFleet(opts: GenerateFleetOptions): Fixture {
  const r = createRandom(opts.seed);
  const clock = clockOf(opts.now);
  const users = generateUsers(r, opts.users ?? Math.max(5, Math.floor(opts.count / 3)));
  const plans: (typeof FLEET_MIX)[number][] = [];
  for (let i = 0; i < opts.count; i++) plans.push(i < FLEET_MIX.length && opts.count >= FLEET_MIX.length ? FLEET_MIX[i]! : r.pick(MIX_TABLE));
  for (let i = plans.length - 1; i > 0; i--) {
    const j = below(r, i + 1);
    [plans[i], plans[j]] = [plans[j]!, plans[i]!];
  }
  const devices = plans.map(([platform, enrollment]) => {
    const userless = users.length === 0 || enrollment === 'dedicated' || (enrollment === 'aosp' && chance(r, 0.7));
    return build(r, platform, enrollment, userless ? null : r.pick(users), clock, guid(r));
  });
  return {
    $schema: './fixture.schema.json',
    description: `Generated fleet: ${opts.count} devices, ${users.length} users (seed ${JSON.stringify(opts.seed)}, now ${new Date(opts.now).toISOString()}).`,
    users,
    compliancePolicies: C.COMPLIANCE_POLICIES.map((p) => ({ ...p })),
    devices,
  };
}
