/**
 * How long an acknowledged change takes to reach its tenant's file with many tenants (docs/reliability.md#persistence-bound):
 * N tenants made and written, then 20 PATCHes of the default tenant, each with 50 other tenants changing
 * at once; the time from each acknowledgement until the tenant's file holds it.
 *   npx tsx bench/persistence-bound.ts [tenants=2000]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ManualClock } from '../src/domain/clock.js';
import { DEFAULT_TENANT_ID } from '../src/domain/tenants.js';
import { defaultFixture } from '../test/helpers/build.js';
const dir = mkdtempSync(join(tmpdir(), 'bound-'));
const N = Number(process.argv[2] ?? 2000);
const app = await buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off', data: dir, maxTenants: 100000 }), { clock: new ManualClock(), fixture: defaultFixture() });
const id = defaultFixture().devices![0]!.id;
let t0 = performance.now();
for (let i = 0; i < N; i++) await app.inject({ url: '/_mock/devices?$top=1', headers: { 'x-mock-tenant': `bound-${i}` } });
await app.mock.store.flush();
console.log(`${N} tenants made and written in ${(performance.now() - t0).toFixed(0)} ms`);
const lat: number[] = [];
for (let k = 0; k < 20; k++) {
  const res = await app.inject({ method: 'PATCH', url: `/v1.0/deviceManagement/managedDevices/${id}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ notes: `n${k}` }) });
  const acked = performance.now();
  if (res.statusCode !== 204) throw new Error(res.body);
  // Meanwhile other tenants change too: 50 of them, each a clock advance.
  for (let j = 0; j < 50; j++) void app.inject({ method: 'POST', url: '/_mock/clock', headers: { 'x-mock-tenant': `bound-${(k * 50 + j) % N}` }, payload: { advanceSeconds: 1 } });
  for (;;) {
    try { if (readFileSync(join(dir, 'tenants', `${DEFAULT_TENANT_ID}.json`), 'utf8').includes(`"n${k}"`)) break; } catch {}
    await new Promise((r) => setTimeout(r, 2));
  }
  lat.push(performance.now() - acked);
}
lat.sort((a, b) => a - b);
console.log(`ack to file, ${N} tenants, 50 others changing: median ${lat[10]!.toFixed(0)} ms, max ${lat[19]!.toFixed(0)} ms`);
await app.close();
