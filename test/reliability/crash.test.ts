/**
 * kill -9 during writes (docs/reliability.md#persistence-bound): the real CLI with `--data`, a stream of
 * acknowledged control-API device creates over several tenants, SIGKILL at a seeded random moment, then a
 * restart on the same directory. Every file must be valid JSON, and every create acknowledged more than the
 * documented bound before the kill must be there. CRASH_ROUNDS and CRASH_SEED run more or other rounds.
 */
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTenantId } from '../../src/domain/tenants.js';
import { startCli, type Running } from '../helpers/spawn-cli.js';

/** The documented bound (docs/reliability.md#persistence-bound). */
const BOUND_MS = 1000;
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 2);
const SEED = process.env.CRASH_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.CRASH_SEED ?? 14);
const TENANTS = ['crash-a', 'crash-b', 'crash-c', 'crash-d', 'crash-e'];
const CLIENTS = 6;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ack { tenant: string; id: string; at: number }

const temporaryFiles = (data: string) => readdirSync(join(data, 'tenants')).filter((f) => f.endsWith('.tmp'));

/**
 * The CLI on `data`, ready and warmed up (the first request of a fresh process compiles its schemas), with
 * the temporary files found once it listened, before anything was written.
 */
async function serve(data: string): Promise<Running & { temporaryFilesAtStart: string[] }> {
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--data', data, '--auth', 'off', '--log-level', 'warn']);
  const temporaryFilesAtStart = temporaryFiles(data);
  for (let i = 0; i < 100 && (await fetch(`${mock.url}/_mock/ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(TENANTS.map(async (tenant) => (await fetch(`${mock.url}/_mock/devices`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-tenant': tenant }, body: JSON.stringify({ operatingSystem: 'Windows' }),
  })).arrayBuffer()));
  return { ...mock, temporaryFilesAtStart };
}

t.test(`kill -9 while writing loses nothing acknowledged more than ${BOUND_MS} ms before (seed ${SEED}, ${ROUNDS} rounds)`, async (t) => {
  const random = prng(SEED);
  const data = mkdtempSync(join(tmpdir(), 'intune-mock-crash-'));
  let worstLost = 0;
  let checked = 0;
  let mock = await serve(data);
  t.teardown(() => mock.child.kill('SIGKILL'));
  for (let round = 0; round < ROUNDS; round++) {
    const acks: Ack[] = [];
    let seq = 0;
    let killed = false;
    const client = async () => {
      while (!killed) {
        const tenant = TENANTS[Math.floor(random() * TENANTS.length)]!;
        const id = `crash-${round}-${seq++}`;
        try {
          const res = await fetch(`${mock.url}/_mock/devices`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-tenant': tenant }, body: JSON.stringify({ id, operatingSystem: 'Windows' }),
          });
          await res.arrayBuffer();
          if (res.status === 201) acks.push({ tenant, id, at: performance.now() });
          else if (!killed) throw new Error(`create answered ${res.status}`);
        } catch (err) {
          if (!killed) throw err;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    // A random moment once the stream runs: some creates acknowledged more than the bound ago, then 0-500 ms more.
    const streaming = performance.now();
    while (!(acks.length >= 30 && performance.now() - acks[0]!.at > BOUND_MS + 50) && performance.now() - streaming < 10_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, random() * 500));
    const killAt = performance.now();
    killed = true;
    await mock.stop('SIGKILL');
    await Promise.all(clients);

    // Every file is complete JSON; the acknowledged creates are there.
    const devices = new Map<string, Set<string>>();
    for (const name of readdirSync(join(data, 'tenants'))) {
      if (name.endsWith('.tmp')) continue; // a write cut by the kill: removed on the next open
      const doc = JSON.parse(readFileSync(join(data, 'tenants', name), 'utf8'));
      devices.set(doc.tenantId, new Set(doc.tenant.devices.map((r: { device: { id: string } }) => r.device.id)));
    }
    t.equal(JSON.parse(readFileSync(join(data, 'db.json'), 'utf8')).intuneMock.schemaVersion, 2, `round ${round}: db.json is valid`);
    const lost = acks.filter((a) => !devices.get(resolveTenantId(a.tenant))?.has(a.id));
    for (const a of lost) worstLost = Math.max(worstLost, killAt - a.at);
    const old = acks.filter((a) => killAt - a.at > BOUND_MS);
    checked += old.length;
    t.same(lost.filter((a) => killAt - a.at > BOUND_MS).map((a) => `${a.id} (${Math.round(killAt - a.at)} ms)`), [],
      `round ${round}: ${acks.length} creates acknowledged, ${lost.length} lost, all younger than ${BOUND_MS} ms`);

    // A restart on the same directory serves them.
    const cut = temporaryFiles(data);
    mock = await serve(data);
    t.same(mock.temporaryFilesAtStart, [], `round ${round}: temporary files removed on open (${cut.length} left by the kill)`);
    const sample = old.filter((_, i) => i % 10 === 0);
    const statuses = await Promise.all(sample.map(async (a) => (await fetch(`${mock.url}/_mock/devices/${a.id}`, { headers: { 'x-mock-tenant': a.tenant } })).status));
    t.ok(statuses.every((s) => s === 200), `round ${round}: after the restart, ${sample.length} sampled creates are served`);
  }
  t.ok(checked > 0, `${checked} creates were old enough to check`);
  t.comment(`oldest lost acknowledged create: ${Math.round(worstLost)} ms before the kill (bound ${BOUND_MS} ms)`);
  await mock.stop('SIGKILL');
});
