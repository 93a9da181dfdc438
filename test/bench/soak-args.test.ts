/** The soak script's pure parts (bench/soak.ts): its flags, the mock's flags after `--`, and the traffic mix. */
import t from 'tap';
import { mixed, parseArgs } from '../../bench/soak.js';

t.test('flags: defaults 4 × 60 s with 50 clients; a second -- passes the rest to the mock', async (t) => {
  t.match(parseArgs([]), { passes: 4, seconds: 60, clients: 50, mockArgs: [], maxGrowthPercent: 10 });
  t.match(parseArgs(['--passes', '2', '--seconds', '15', '--', '--max-tenants', '200']), { passes: 2, seconds: 15, mockArgs: ['--max-tenants', '200'] });
  t.throws(() => parseArgs(['--passes', '0']), /positive number/);
  t.throws(() => parseArgs(['--nope', '1']), /unknown flag --nope/);
});

t.test('the mix: a new tenant by token and by x-mock-tenant every ten requests, never the same twice', async (t) => {
  const auth = { authorization: 'Bearer x' };
  const batch = Array.from({ length: 1000 }, (_, i) => mixed(i, auth, ['d1', 'd2']));
  const tokenTenants = batch.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).map((r) => r.path.split('/')[1]);
  const headerTenants = batch.map((r) => r.headers?.['x-mock-tenant']).filter(Boolean);
  t.equal(tokenTenants.length, 100);
  t.equal(new Set(tokenTenants).size, 100, 'token requests: each a tenant never seen before');
  t.equal(new Set(headerTenants).size, 100, 'x-mock-tenant: each a value never seen before');
  for (const kind of ['PATCH', 'POST']) t.ok(batch.some((r) => r.method === kind && r.path.includes('/managedDevices/')), `${kind} on devices`);
  t.ok(batch.some((r) => r.path.startsWith('/_mock/requests')), 'journal reads');
});
