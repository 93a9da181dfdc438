/**
 * The README's remote-action sections and docs/remote-actions.md against the action catalog
 * (src/domain/actions/catalog.ts): the rules tables are exactly what the rules give, every action has its permission row, and the control
 * API's event list names every device event.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { ACTIONS } from '../../src/domain/actions/catalog.js';
import { OPERATION_PERMISSIONS } from '../../src/domain/permissions.js';
import { DEVICE_EVENT_TYPES } from '../../src/schemas/device-event.js';
import { RULES_DOC, actionRulesTables } from '../../scripts/action-rules-tables.js';
import { ACTION_TITLES } from '../../console/actions.js';
import { FILTERS, type DeviceAction as ConsoleDeviceAction, type PendingAction as ConsolePendingAction } from '../../console/components/device-types.js';
import { DeviceListQuerySchema } from '../../src/control/device-routes.js';
import { DeviceActionSchema } from '../../src/control/device-actions-route.js';
import { PendingActionSchema } from '../../src/schemas/pending-action.js';
import type { Static } from '@sinclair/typebox';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test('the rules tables in docs/remote-actions.md are the rules', async (t) => {
  const tables = actionRulesTables();
  t.equal(readFileSync(RULES_DOC, 'utf8'), tables, 'docs/remote-actions.md is the output of scripts/action-rules-tables.ts (run it to update the file)');
  for (const a of ACTIONS) if (a.name !== 'resetPasscode') t.match(tables, `## \`${a.name}\``, `${a.name} has a table`);
});

t.test('every action is in the permissions table with its permissions, and in the effects table', async (t) => {
  const permissionRows = readme.split('\n').filter((l) => l.startsWith('| `') && l.includes('DeviceManagement'));
  for (const a of ACTIONS) {
    const row = permissionRows.find((l) => new RegExp(`\`${a.name}\`[ ,]`).test(l));
    t.ok(row, `${a.name} has a permission row`);
    const [least, ...others] = OPERATION_PERMISSIONS[a.operation];
    t.ok(row?.includes(`\`${least}\``), `${a.name}: its least-privileged permission, ${least}, first`);
    for (const p of others) t.match(row ?? '', p.split('.').slice(1).join('.'), `${a.name}: also ${p}`);
    if (a.name !== 'resetPasscode') t.match(readme, new RegExp(`^\\| \`${a.name}\` \\|`, 'm'), `${a.name} is in the effects table`);
  }
});

t.test('the control API table names every device event', async (t) => {
  const row = readme.split('\n').find((l) => l.startsWith('| `POST /_mock/devices/{id}/events`'))!;
  for (const type of DEVICE_EVENT_TYPES) t.match(row, `"${type}"`, type);
});

t.test('the console names every catalog action, and only those, each by its own admin-center title', (t) => {
  t.same(Object.keys(ACTION_TITLES).sort(), ACTIONS.map((a) => a.name).sort(), 'console/actions.ts has a title per catalog action');
  t.equal(new Set(Object.values(ACTION_TITLES)).size, ACTIONS.length, 'no two buttons share a name');
  t.end();
});

t.test('the console\'s filters offer exactly the values the control API\'s device list takes', (t) => {
  const query = DeviceListQuerySchema.properties as Record<string, { enum?: readonly string[]; anyOf?: Array<{ const?: string }> }>;
  const values = (name: string) => query[name]?.enum ?? query[name]?.anyOf?.map((s) => s.const) ?? [];
  for (const filter of FILTERS) {
    t.same(filter.options.map(([value]) => value).sort(), [...values(filter.name)].sort(), filter.name);
  }
  t.same(FILTERS.map((f) => f.name).sort(), Object.keys(query).filter((k) => !['search', 'top', 'skip'].includes(k)).sort(), 'a select per enumerated parameter');
  t.end();
});

// The console's hand-written view of the control API's shapes (the page cannot load TypeBox) must stay
// assignable to and from the server's: `tsc --noEmit` of this file fails when either side drifts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertType = <T extends true>(): T | undefined => undefined;
assertType<Same<ConsoleDeviceAction, Static<typeof DeviceActionSchema>>>();
assertType<Same<ConsolePendingAction['checkInAt'], Static<typeof PendingActionSchema>['checkInAt']>>();
