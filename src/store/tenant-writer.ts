/**
 * Writes one tenant's file without holding the event loop for long (docs/architecture.md#persistence): a
 * 10,000-device tenant with its 10,000 audits is about 40 MB of JSON, and `JSON.stringify` of it in one go held
 * the loop for 300-700 ms on a busy machine (BENCHMARKS.md, scenario `stalls`). Here the devices and audits are
 * serialised a slice at a time (each slice a few milliseconds, its size adapted as it goes), each slice appended
 * to the temporary file before the next is made, so requests are answered in between; the temporary file is
 * renamed over the tenant's file at the end, as lowdb's writer (steno) does, with the same temporary name, so a
 * kill at any moment leaves the previous complete file (and a temporary file removed on the next open).
 *
 * What the file holds: the tenant's devices and audits as they were when the write started (which ones), each
 * as it was when its slice was made; the small parts (users, policies, apps, counters, clock) as they were at
 * the start. So every change acknowledged before the write started is in the file. A change made during the
 * write may be in it in part (a device's result without its audit, say): it marked the tenant changed again,
 * and the next write, at most MAX_WRITE_DELAY_MS later, holds all of it (docs/reliability.md#persistence-bound).
 */
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TenantData } from '../domain/tenant-state.js';
import { SCHEMA_VERSION } from './document.js';

/** The event loop's time per slice the writer aims at. */
export const SLICE_MS = 5;
const FIRST_SLICE = 50;
const MAX_SLICE = 5_000;

/** The temporary file lowdb's writer (steno) uses for `file`: `.<name>.tmp` beside it (the file store removes those a kill left). */
export const tempFileOf = (file: string): string => join(dirname(file), `.${basename(file)}.tmp`);

/**
 * Writes `data` as tenant `tenantId`'s file at `path` (temporary file, then rename). Resolves with the time the
 * write held the event loop in all (its slices), which the file store scales its write delay by. On failure the
 * temporary file may be left behind (the caller removes it).
 */
export async function writeTenantFile(path: string, tenantId: string, data: TenantData): Promise<{ loopMs: number }> {
  let loopMs = 0;
  const timed = <T>(fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      loopMs += performance.now() - t0;
    }
  };
  // At the start: which devices and audits, and the small parts whole (the same keys, in the same order, as toTenantDocument).
  const { devices, audits, head, middle, tail } = timed(() => ({
    devices: [...data.devices.values()],
    audits: [...data.audits.values()],
    head: `{"intuneMock":${JSON.stringify({ schemaVersion: SCHEMA_VERSION })},"tenantId":${JSON.stringify(tenantId)},"tenant":{"devices":[`,
    middle: `],"users":${JSON.stringify([...data.users.values()])},"compliancePolicies":${JSON.stringify([...data.compliancePolicies.values()])},"apps":${JSON.stringify(data.apps)},"audits":[`,
    tail: `]${data.auditsDropped ? `,"auditsDropped":${JSON.stringify(data.auditsDropped)}` : ''}${data.dailyActions ? `,"dailyActions":${JSON.stringify(data.dailyActions)}` : ''}${data.clockOffsetMs ? `,"clockOffsetMs":${JSON.stringify(data.clockOffsetMs)}` : ''}}}`,
  }));
  const temp = tempFileOf(path);
  const file = await open(temp, 'w');
  // writeFile on a handle writes at its position, to the end (it loops over partial writes, unlike write).
  try {
    let size = FIRST_SLICE;
    const slices = async (items: readonly unknown[], first: string): Promise<void> => {
      let text = first;
      for (let i = 0; i < items.length;) {
        const t0 = performance.now();
        const end = Math.min(items.length, i + size);
        for (let j = i; j < end; j++) text += (j === 0 ? '' : ',') + JSON.stringify(items[j]);
        const ms = performance.now() - t0;
        loopMs += ms;
        size = Math.max(1, Math.min(MAX_SLICE, Math.round(((end - i) * SLICE_MS) / Math.max(ms, 0.1))));
        i = end;
        await file.writeFile(text);
        text = '';
      }
      if (text !== '') await file.writeFile(text);
    };
    await slices(devices, head);
    await slices(audits, middle);
    await file.writeFile(tail);
  } finally {
    await file.close();
  }
  await rename(temp, path);
  return { loopMs };
}
