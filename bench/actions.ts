/**
 * Scenario `actions` of `npm run bench` (bench/harness.ts): the same resetPasscode load with `--data` and in
 * memory mode, interleaved; after each `--data` run the tenant's file is checked (`checkDb`, also used by
 * bench/persistence-stalls.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countStatus, runLoad, type LoadResult } from './load.js';
import { median, summarize } from './stats.js';
import { checkLoad, DEVICES, figure, fleet, fmt, latencyLine, MB, mintToken, READ_ROLE, touch, type Ctx } from './scenario-kit.js';

const PRIVILEGED_ROLE = 'DeviceManagementManagedDevices.PrivilegedOperations.All';

interface FleetDevice {
  id: string;
  operatingSystem?: string | null;
  simulation?: { enrollment?: string };
}

/**
 * Devices whose reset is accepted under both rulesets with no condition (README "The rules"): Android
 * dedicated and AOSP, iOS/iPadOS device enrollment.
 */
export function resettable(devices: readonly FleetDevice[]): string[] {
  return devices
    .filter((d) => {
      const e = d.simulation?.enrollment;
      if (d.operatingSystem === 'Android') return e === 'dedicated' || e === 'aosp';
      if (d.operatingSystem === 'iOS' || d.operatingSystem === 'iPadOS') return e === 'device';
      return false;
    })
    .map((d) => d.id);
}

export async function actionsWithPersistence(ctx: Ctx): Promise<void> {
  const { plan, log, dir } = ctx;
  const a = plan.actions;
  const details: string[] = (ctx.result.details.actions = []);
  const file = await fleet(ctx, plan.actionsCount);
  const ids = resettable((JSON.parse(readFileSync(file, 'utf8')) as { devices: FleetDevice[] }).devices);
  if (ids.length === 0) throw new Error('actions: the generated fleet has no device that supports resetPasscode');
  const bound = { connections: a.connections, ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}), ...(a.requests !== undefined ? { requests: a.requests } : {}) };

  const ratios: number[] = [];
  const memRps: number[] = [];
  const dataRps: number[] = [];
  let allValid = true;
  for (let r = 0; r < a.runs; r++) {
    const order = r % 2 === 0 ? ['memory', 'data'] as const : ['data', 'memory'] as const;
    const rps: Partial<Record<'memory' | 'data', number>> = {};
    for (const mode of order) {
      const dataDir = mode === 'data' ? mkdtempSync(join(dir, 'data-')) : undefined;
      const { proc } = await ctx.start({ fixtures: file, ...(dataDir ? { data: dataDir } : {}) });
      // Accepted requests per device: what the tenant's file must hold afterwards.
      const accepted = new Map<string, number>();
      let res: LoadResult;
      let tenant: string;
      try {
        const minted = await mintToken(proc, [READ_ROLE, PRIVILEGED_ROLE]);
        tenant = minted.tenant;
        const headers = { authorization: `Bearer ${minted.token}` };
        await touch(proc, minted.token);
        res = await runLoad({
          origin: proc.origin,
          next: (i) => ({ method: 'POST', path: `${DEVICES}/${ids[i % ids.length]}/resetPasscode`, headers }),
          onResponse: (i, _spec, status) => {
            if (status === 204) {
              const id = ids[i % ids.length]!;
              accepted.set(id, (accepted.get(id) ?? 0) + 1);
            }
          },
          ...bound,
        });
        checkLoad(ctx, `actions ${mode} run ${r + 1}`, res, [204]);
      } finally {
        const code = await proc.stop();
        if (code !== 0) ctx.result.problems.push(`actions ${mode} run ${r + 1}: the mock exited with ${code} on SIGTERM`);
      }
      rps[mode] = res.rps;
      let line = `${mode === 'data' ? '--data' : 'memory'}, run ${r + 1}: ${fmt(res.rps, 0)} req/s, ${countStatus(res, 204)} accepted (${latencyLine(summarize(res.latenciesMs))})`;
      if (dataDir) {
        const check = checkDb(dataDir, tenant, plan.actionsCount, accepted);
        line += `; tenant file ${fmt(check.bytes / MB, 1)} MB: ${check.problems.length === 0 ? 'valid and complete' : check.problems.join('; ')}`;
        if (check.problems.length > 0) {
          allValid = false;
          ctx.result.problems.push(...check.problems.map((p) => `actions run ${r + 1} tenant file: ${p}`));
        }
      }
      details.push(line);
    }
    ratios.push(rps.data! / rps.memory!);
    memRps.push(rps.memory!);
    dataRps.push(rps.data!);
  }
  log(`resetPasscode --data / memory: ${ratios.map((v) => fmt(v, 3)).join(', ')}`);
  ctx.result.figures.push(figure({
    id: 'actions.ratio', title: `resetPasscode on ${plan.actionsCount.toLocaleString('en-US')} devices, --data requests/s ÷ memory mode's`, value: median(ratios), unit: 'x', runs: ratios,
    target: { op: '>=', value: 0.5, text: 'at least 0.5' },
    note: `--data ${fmt(median(dataRps), 0)} req/s, memory ${fmt(median(memRps), 0)} req/s; ${a.connections} connections over ${ids.length} eligible devices; tenant file ${allValid ? 'valid and complete after every run' : 'NOT valid: see problems'}`,
  }));
}

/**
 * The data directory after a graceful stop: the tenant's file (`tenants/<tenantId>.json`) with our marker and
 * schema version, every device, one audit per accepted request (kept, or counted as dropped past --max-audits),
 * and a resetPasscode result on every device that got one.
 */
export function checkDb(dataDir: string, tenantId: string, devices: number, accepted: ReadonlyMap<string, number>): { bytes: number; problems: string[] } {
  const problems: string[] = [];
  let bytes = 0;
  let doc: any;
  try {
    const text = readFileSync(join(dataDir, 'tenants', `${tenantId}.json`), 'utf8');
    bytes = Buffer.byteLength(text);
    doc = JSON.parse(text);
  } catch (err) {
    return { bytes, problems: [`cannot be read as JSON: ${(err as Error).message}`] };
  }
  if (doc?.intuneMock?.schemaVersion !== 2) problems.push('no intuneMock marker of schema version 2');
  const tenant = doc?.tenantId === tenantId ? doc.tenant : undefined;
  if (!tenant) return { bytes, problems: [...problems, `no tenant ${tenantId}`] };
  if (tenant.devices?.length !== devices) problems.push(`${tenant.devices?.length} devices, expected ${devices}`);
  const expectedAudits = [...accepted.values()].reduce((a, b) => a + b, 0);
  // Audits are bounded (--max-audits, 10,000 by default): the oldest are dropped and counted in auditsDropped.
  const dropped: number = tenant.auditsDropped ?? 0;
  if ((tenant.audits?.length ?? 0) + dropped !== expectedAudits) {
    problems.push(`${tenant.audits?.length} audits${dropped ? ` and ${dropped} dropped` : ''}, expected ${expectedAudits} (one per accepted request)`);
  }
  const auditsPer = new Map<string, number>();
  for (const audit of tenant.audits ?? []) {
    if (audit.action !== 'resetPasscode') problems.push(`an audit of ${audit.action}`);
    auditsPer.set(audit.managedDeviceId, (auditsPer.get(audit.managedDeviceId) ?? 0) + 1);
  }
  let missing = 0;
  let miscounted = 0;
  const byId = new Map<string, any>((tenant.devices ?? []).map((r: any) => [r.device.id, r]));
  for (const [id, n] of accepted) {
    const results = byId.get(id)?.device?.deviceActionResults ?? [];
    if (!results.some((x: any) => x.actionName === 'resetPasscode')) missing++;
    // With audits dropped, a device keeps at most as many as were accepted for it; without, exactly as many.
    const kept = auditsPer.get(id) ?? 0;
    if (dropped === 0 ? kept !== n : kept > n) miscounted++;
  }
  if (missing > 0) problems.push(`${missing} device(s) with an accepted reset but no resetPasscode result`);
  if (miscounted > 0) problems.push(`${miscounted} device(s) whose audits do not match their accepted requests`);
  return { bytes, problems };
}
