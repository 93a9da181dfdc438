/**
 * A tenant's revision and change listeners (domain/tenants.ts): every way its state changes is seen, so
 * caches keyed on the revision and the console's live updates never miss one; a read that changes nothing
 * is not a change.
 */
import t from 'tap';
import type { Caller } from '../../src/domain/caller.js';
import { Clocks, ManualClock } from '../../src/domain/clock.js';
import { Intune } from '../../src/domain/intune.js';
import { createRandom } from '../../src/domain/random.js';
import { RULESETS } from '../../src/domain/rules/index.js';
import { Simulator } from '../../src/domain/simulation/simulator.js';
import { resolveTenantId, Tenants } from '../../src/domain/tenants.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const SYSTEM: Caller = { tenantId: 'a.example', kind: 'app' };

function tenants() {
  const clock = new ManualClock();
  const simulator = new Simulator({ clocks: new Clocks(clock), random: createRandom(1), ruleset: RULESETS['2025'], checkInDelaySeconds: 1, maxAudits: 100 });
  const all = new Tenants(new MemoryStore(), simFixture([android('da', '6.0.1', { enrollment: 'deviceAdministrator' })]), simulator);
  const seen: string[] = [];
  all.onChange.push((id) => seen.push(id));
  return { all, seen, clock };
}

t.test('creating, changing, resetting and replacing a tenant each change its revision and tell the listeners', (t) => {
  const { all, seen } = tenants();
  const id = resolveTenantId('a.example');
  t.equal(all.revision('a.example'), 0, 'a tenant not seen yet');
  all.read('a.example', () => undefined);
  const created = all.revision('a.example');
  t.ok(created > 0, 'made from the seed on first use');
  t.same(seen, [id]);
  all.read('a.example', () => undefined);
  t.equal(all.revision('a.example'), created, 'a read that settles nothing is no change');
  all.update('a.example', (d) => d.users.clear());
  const updated = all.revision('a.example');
  t.ok(updated > created);
  all.reset('a.example');
  t.ok(all.revision('a.example') > updated);
  const reset = all.revision('a.example');
  all.replace('a.example', simFixture([]));
  t.ok(all.revision('a.example') > reset);
  t.same(seen, [id, id, id, id]);
  t.equal(all.revision('b.example'), 0, 'another tenant\'s is its own');
  t.end();
});

t.test('check-ins that fall due on a read are a change; a clock advance is one', (t) => {
  const { all, clock } = tenants();
  const intune = new Intune(all);
  intune.requestAction(SYSTEM, { kind: 'tenant' }, 'da', 'resetPasscode');
  const requested = all.revision(SYSTEM.tenantId);
  clock.advance(120_000);
  all.read(SYSTEM.tenantId, () => undefined);
  t.ok(all.revision(SYSTEM.tenantId) > requested, 'the check-in that fell due changed the tenant');
  const settled = all.revision(SYSTEM.tenantId);
  intune.advanceClock(SYSTEM.tenantId, 1);
  t.ok(all.revision(SYSTEM.tenantId) > settled);
  t.end();
});

t.test("resolveTenantId's kept ids are the ids it computes: any case and spacing of a GUID, names past the bound and past a clear", async (t) => {
  const { GUID_PATTERN, nameGuid } = await import('../../src/lib/name-guid.js');
  const computed = (name: string) => (GUID_PATTERN.test(name.trim()) ? name.trim().toLowerCase() : nameGuid('intune-mock tenant', name.trim()));
  const names = [' 0B7F5C2E-1D3A-4E5F-8A9B-0C1D2E3F4A5B ', '0b7f5c2e-1d3a-4e5f-8a9b-0c1d2e3f4a5b', 'Contoso.onmicrosoft.com', 'contoso.onmicrosoft.com ', 'x'.repeat(300),
    ...Array.from({ length: 2500 }, (_, i) => `tenant-${i}.example`)];
  for (let round = 0; round < 2; round++) {
    const wrong = names.filter((n) => resolveTenantId(n) !== computed(n));
    t.same(wrong, [], `round ${round}: every name's id is the computed one`);
  }
  t.equal(resolveTenantId(' 0B7F5C2E-1D3A-4E5F-8A9B-0C1D2E3F4A5B '), '0b7f5c2e-1d3a-4e5f-8a9b-0c1d2e3f4a5b');
});
