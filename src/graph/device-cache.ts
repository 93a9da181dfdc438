/**
 * A single GET's device as JSON, kept from one GET to the next while nothing it is made of can have changed
 * (issue 17: building and stringifying 56 to 79 members was the largest item of a GET's CPU, BENCHMARKS.md).
 *
 * What a single GET's body is made of, and what the entry is keyed by:
 * - the tenant's state (the device, its simulation state): `Intune.revision`, which differs after every change,
 *   including check-ins settled by the read itself (read after `getDevice`);
 * - the tenant's clock, read by the passcode, PIN, location and bypass-code windows: the entry holds from the
 *   time it was made until the first window closes (`resultsVisibleUntil`, `bypassCodeVisibleUntil`);
 * - the Graph version (one cache per version's routes) and `$select` (in the key);
 * - the request's origin, in `@odata.context` only: never cached, written before the cached members.
 * One entry per device record (the last shape asked for), at most `LIMIT` records a version: bounded memory for a 100k fleet.
 */
import type { DeviceRecord } from '../domain/tenant-state.js';
import { resultsVisibleUntil } from '../domain/action-results.js';
import { bypassCodeVisibleUntil } from '../domain/simulation/apple-effects.js';
import { serializeDevice, type GraphVersion } from './serialize-device.js';

interface Entry {
  revision: number;
  select: string;
  /** Valid for a clock in [from, until). */
  from: number;
  until: number;
  /** The device's members as JSON, without the opening `{`: `"id":…}`. */
  members: string;
  /** The whole body as UTF-8, for the `@odata.context` it was last asked with. */
  context: string;
  body: Buffer;
}

/**
 * A v1.0 device is about 3 KB of JSON, a beta one selecting everything about 6 KB: 1024 entries a version (its text
 * and its bytes) are under 20 MB in all, well inside the 100k fleet's RSS budget (BENCHMARKS.md), and more devices than a test
 * GETs again and again.
 */
const LIMIT = 1024;
const CONTEXT_PREFIX = '{"@odata.context":';
const ALL = '\u0000';

export interface SingleGet {
  record: DeviceRecord;
  revision: number;
  select: readonly string[] | undefined;
  now: number;
  context: string;
}

export type SingleDeviceJson = (get: SingleGet) => Buffer;

const bodyOf = (context: string, members: string): Buffer =>
  Buffer.from(CONTEXT_PREFIX + JSON.stringify(context) + (members === '}' ? '}' : `,${members}`), 'utf8');

/**
 * A single GET's body as UTF-8 JSON: `JSON.stringify(serializeDevice(record, { version, single: true, select,
 * now, context }))`, from the cache while it holds (test/graph/device-cache.test.ts compares the two). Bytes, not
 * text, and the whole body kept (a client's context is the same from one GET of a device to the next). WHY: a
 * string answer is measured (`Buffer.byteLength`) and encoded to UTF-8 on every write, the response head
 * prepended to it; a Buffer is written as it is, as the bare Fastify baseline's bodies are. A Buffer made per
 * request (the context's bytes and the members' concatenated) cost more than the encoding it saved.
 */
export function singleDeviceJson(version: GraphVersion): SingleDeviceJson {
  // Insertion order is eviction order: the oldest entry goes first (a Map keeps its keys in that order).
  const entries = new Map<DeviceRecord, Entry>();
  return ({ record, revision, select, now, context }) => {
    const key = select === undefined ? ALL : select.join(',');
    let entry = entries.get(record);
    if (!entry || entry.revision !== revision || entry.select !== key || now < entry.from || now >= entry.until) {
      const members = JSON.stringify(serializeDevice(record, { version, single: true, select, now })).slice(1);
      const until = Math.min(resultsVisibleUntil(record.device, now), bypassCodeVisibleUntil(record, now));
      if (entry) entries.delete(record);
      else if (entries.size >= LIMIT) entries.delete(entries.keys().next().value as DeviceRecord);
      entry = { revision, select: key, from: now, until, members, context, body: bodyOf(context, members) };
      entries.set(record, entry);
    } else if (entry.context !== context) {
      entry.context = context;
      entry.body = bodyOf(context, entry.members);
    }
    return entry.body;
  };
}
