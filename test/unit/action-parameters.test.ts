/** Reading a remote action's body against its catalog row (src/graph/action-parameters.ts). */
import t from 'tap';
import { actionSpec, type ActionSpec } from '../../src/domain/actions/catalog.js';
import { readParameters } from '../../src/graph/action-parameters.js';
import { GraphHttpError } from '../../src/graph/errors.js';

const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof GraphHttpError && e.statusCode === 400) return e.message;
    throw e;
  }
  return 'accepted';
};

t.test('wipe: types, nullability, versions', async (t) => {
  const wipe = actionSpec('wipe');
  t.same(readParameters(wipe, 'v1.0', undefined), {});
  t.same(readParameters(wipe, 'v1.0', { keepUserData: true, macOsUnlockCode: null }), { keepUserData: true }, 'null is as good as absent');
  t.same(readParameters(wipe, 'beta', { obliterationBehavior: 'doNotObliterate' }), { obliterationBehavior: 'doNotObliterate' });
  t.match(refused(() => readParameters(wipe, 'beta', { obliterationBehavior: 'constructor' })), /Cannot convert the literal '"constructor"'/, 'not a member, whatever the prototype has');
  t.match(refused(() => readParameters(wipe, 'v1.0', { macOsUnlockCode: 123456 })), /expected type 'Edm.String' of parameter 'macOsUnlockCode'/);
  t.match(refused(() => readParameters(wipe, 'v1.0', 'keepUserData')), /Unable to read JSON request payload/);
});

t.test('a non-nullable parameter must be there', async (t) => {
  const scan: ActionSpec = {
    ...actionSpec('syncDevice'),
    parameters: [{ name: 'quickScan', type: 'Edm.Boolean', nullable: false, versions: ['v1.0', 'beta'] }],
  };
  t.match(refused(() => readParameters(scan, 'v1.0', {})), /The parameter 'quickScan' of the operation 'syncDevice' is required/);
  t.match(refused(() => readParameters(scan, 'v1.0', undefined)), /'quickScan'.*is required/);
  t.match(refused(() => readParameters(scan, 'v1.0', { quickScan: null })), /Cannot convert the literal 'null' to the expected type 'Edm.Boolean'/);
  t.same(readParameters(scan, 'v1.0', { quickScan: false }), { quickScan: false });
});

t.test('an enum of remote actions and a collection of strings (beta executeAction\'s actionName and deviceIds)', async (t) => {
  const bulk = {
    name: 'executeAction',
    parameters: [
      { name: 'actionName', type: 'microsoft.graph.managedDeviceRemoteAction', nullable: false, versions: ['beta'] },
      { name: 'deviceIds', type: 'Collection(Edm.String)', nullable: false, versions: ['beta'] },
    ],
  } as const;
  t.same(readParameters(bulk, 'beta', { actionName: 'retire', deviceIds: ['a', 'b'] }), { actionName: 'retire', deviceIds: ['a', 'b'] });
  t.same(readParameters(bulk, 'beta', { actionName: 'syncDevice', deviceIds: [] }), { actionName: 'syncDevice', deviceIds: [] });
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'explode', deviceIds: [] })), /expected type 'microsoft.graph.managedDeviceRemoteAction' of parameter 'actionName'/);
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'toString', deviceIds: [] })), /expected type 'microsoft.graph.managedDeviceRemoteAction'/, 'not a member, whatever the prototype has');
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'retire', deviceIds: 'a' })), /expected type 'Collection\(Edm.String\)' of parameter 'deviceIds'/);
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'retire', deviceIds: ['a', 1] })), /expected type 'Collection\(Edm.String\)'/);
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'retire', deviceIds: null })), /Cannot convert the literal 'null' to the expected type 'Collection\(Edm.String\)'/);
  t.match(refused(() => readParameters(bulk, 'beta', undefined)), /The parameter 'actionName' of the operation 'executeAction' is required/);
  t.match(refused(() => readParameters(bulk, 'beta', { actionName: 'retire', deviceIds: [], force: true })), /'force' in the request payload is not a valid parameter for the operation 'executeAction'/);
});
