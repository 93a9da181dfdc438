/** Bulk actions as the domain maps them (src/domain/bulk-actions.ts): the catalog action, its parameters, the refusals. */
import t from 'tap';
import { bulkOperation, EXECUTE_ACTION } from '../../src/domain/bulk-actions.js';
import { DomainError } from '../../src/domain/errors.js';

const kindOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.kind;
    throw e;
  }
  return 'accepted';
};
const paramsOf = (op: ReturnType<typeof bulkOperation>) => (op.kind === 'action' ? { action: op.action, parameters: op.parameters(undefined as never, undefined as never) } : op);

t.test('each bulk name sends its catalog action with the parameters it takes or fixes', async (t) => {
  t.same(paramsOf(bulkOperation({ actionName: 'quickScan', deviceIds: [], parameters: { deviceName: 'x' } })), { action: 'windowsDefenderScan', parameters: { quickScan: true } });
  t.same(paramsOf(bulkOperation({ actionName: 'fullScan', deviceIds: [], parameters: {} })), { action: 'windowsDefenderScan', parameters: { quickScan: false } });
  t.same(paramsOf(bulkOperation({ actionName: 'wipe', deviceIds: [], parameters: { keepUserData: true, notificationTitle: 'no' } })), { action: 'wipe', parameters: { keepUserData: true } });
  t.same(bulkOperation({ actionName: 'delete', deviceIds: ['a'], parameters: {} }), { kind: 'delete' });
});

t.test('refusals: more than 100 devices, an action the mock does not emulate', async (t) => {
  t.equal(kindOf(() => bulkOperation({ actionName: 'syncDevice', deviceIds: Array.from({ length: 101 }, (_, i) => `d${i}`), parameters: {} })), 'invalidActionParameter');
  t.equal(kindOf(() => bulkOperation({ actionName: 'syncDevice', deviceIds: Array.from({ length: 100 }, (_, i) => `d${i}`), parameters: {} })), 'accepted');
  t.equal(kindOf(() => bulkOperation({ actionName: 'deprovision', deviceIds: [], parameters: {} })), 'notEmulated');
});

t.test('executeAction\'s parameters carry the limits of the actions they feed', async (t) => {
  const byName = new Map(EXECUTE_ACTION.parameters.map((p) => [p.name, p]));
  t.equal(byName.get('notificationTitle')?.maxLength, 50);
  t.equal(byName.get('notificationBody')?.maxLength, 500);
  t.equal(byName.get('deprovisionReason')?.type, 'Edm.String');
  t.equal(byName.get('actionName')?.nullable, false);
});
