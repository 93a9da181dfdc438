/**
 * The mock's own response headers are in the OpenAPI document, each one shared component referenced by
 * the operations that send it: checked against what the live app really sends.
 */
import type {} from '@fastify/swagger'; // app.swagger()'s type: the check reads src's declarations, which do not carry that import
import t from 'tap';
import { RESPONSE_HEADERS } from '../../src/openapi/components.js';
import { build } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

type Json = Record<string, any>;

t.test('each header is one component; operations that send it reference it; the live answers agree', async (t) => {
  const { app, call, clock } = await build(t, { fixture: simFixture([android('da', '6.0.1', { enrollment: 'deviceAdministrator' })]), config: { maxAudits: 1 } });
  await app.ready();
  const doc = app.swagger() as Json;
  t.same(Object.keys(doc.components.headers).sort(), Object.keys(RESPONSE_HEADERS).sort());
  for (const [name, h] of Object.entries(doc.components.headers as Json)) {
    t.ok(h.description && h.schema?.type === 'string', `${name}: described, typed`);
  }
  const referencing = (name: string) => Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.entries(item as Json)
    .filter(([, op]) => Object.values((op as Json).responses ?? {}).some((r: any) => r.headers?.[name]?.$ref === `#/components/headers/${name}`))
    .map(([method]) => `${method.toUpperCase()} ${path}`));
  t.same(referencing('x-mock-audits-dropped'), ['GET /beta/deviceManagement/remoteActionAudits']);
  t.same(referencing('x-mock-warning').sort(), ['v1.0', 'beta'].flatMap((v) => [`GET /${v}/deviceManagement/managedDevices`, `GET /${v}/me/managedDevices`, `GET /${v}/users/{userId}/managedDevices`]).sort());
  const inline = JSON.stringify(doc.paths).match(/"x-mock-(warning|audits-dropped)":\{"(?!\$ref)/g);
  t.equal(inline, null, 'never written inline');

  // What the app really sends.
  const warned = await call(`/v1.0/deviceManagement/managedDevices?$filter=${encodeURIComponent("startswith(deviceName,'a')")}`);
  t.ok(warned.headers['x-mock-warning'], 'the list sends x-mock-warning');
  for (let i = 0; i < 2; i++) {
    clock.advance(1000);
    await call({ method: 'POST', url: '/beta/deviceManagement/managedDevices/da/resetPasscode' });
  }
  t.equal((await call('/beta/deviceManagement/remoteActionAudits')).headers['x-mock-audits-dropped'], '1', 'the audits list sends x-mock-audits-dropped');
});
