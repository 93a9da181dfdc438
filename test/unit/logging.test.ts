/** The log (docs/simulation.md#logs): one line per request and per device event, readable or JSON. */
import type { InjectOptions } from 'fastify';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { formatLine, LineBatch } from '../../src/logging.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sharedSigningKey } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const DA = android('da', '6.0.1', { enrollment: 'deviceAdministrator' });
const DEVICES = '/v1.0/deviceManagement/managedDevices';

async function logged(t: { teardown(fn: () => unknown): void }, config: Partial<Config>) {
  const lines: string[] = [];
  const clock = new ManualClock();
  const app = await buildApp(loadConfig([], {}, { auth: 'off', ...config }), {
    clock, fixture: simFixture([DA]), signingKey: await sharedSigningKey, logStream: { write: (s: string) => lines.push(...s.split(/\n(?=\S)/).map((l) => l.replace(/\n$/, ''))) },
  });
  t.teardown(() => app.close());
  const call = (o: InjectOptions) => app.inject(o);
  return { lines, clock, call, app };
}

const normal = (line: string) => line.replace(/^\d\d:\d\d:\d\d\.\d{3} /, 'T ').replace(/ \d+ms/, ' Nms');

t.test('text at info: one line per request and per device event, nothing for probes', async (t) => {
  const { lines, clock, call } = await logged(t, { logLevel: 'info', logFormat: 'text' });
  await call({ method: 'GET', url: `${DEVICES}?$filter=startswith(deviceName,'and')&$select=id` });
  const fault = JSON.parse((await call({ method: 'POST', url: '/_mock/faults', payload: { path: DEVICES, status: 429, retryAfterSeconds: 0 } })).body).id as string;
  await call({ method: 'GET', url: DEVICES });
  await call({ method: 'POST', url: `${DEVICES}/da/resetPasscode` });
  clock.advance(2000);
  await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'goOffline' }, headers: { 'x-mock-tenant': 'fabrikam.example' } });
  await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'goOffline' } });
  await call({ method: 'GET', url: '/_mock/health' });
  t.same(lines.map(normal), [
    "T GET /v1.0/deviceManagement/managedDevices?$filter=startswith(deviceName,'and')&$select=id 200 Nms tenant=contoso.onmicrosoft.com caller=anonymous warning=startswith-is-contains (real Intune: Treats `startswith` as `contains`)",
    'T POST /_mock/faults 201 Nms tenant=contoso.onmicrosoft.com',
    `T GET /v1.0/deviceManagement/managedDevices 429 Nms tenant=contoso.onmicrosoft.com caller=anonymous throttled fault=${fault}`,
    'T POST /v1.0/deviceManagement/managedDevices/da/resetPasscode 204 Nms tenant=contoso.onmicrosoft.com caller=anonymous',
    // Another tenant: its own fleet, untouched; named as the client named it.
    'T device da (android-da) went offline tenant=fabrikam.example at=2026-01-15T09:00:02.000Z',
    'T POST /_mock/devices/da/events 200 Nms tenant=fabrikam.example',
    // The check-in fell due in the default tenant: logged when the tenant is next touched, before the request.
    'T device da (android-da) checked in: resetPasscode done tenant=contoso.onmicrosoft.com at=2026-01-15T09:00:02.000Z',
    'T device da (android-da) went offline tenant=contoso.onmicrosoft.com at=2026-01-15T09:00:02.000Z',
    'T POST /_mock/devices/da/events 200 Nms tenant=contoso.onmicrosoft.com',
  ]);
});

t.test('json at debug: the same single line per request, with detail; no Fastify request lines', async (t) => {
  const { lines, call } = await logged(t, { logLevel: 'debug', logFormat: 'json' });
  await call({ method: 'GET', url: `${DEVICES}?$filter=startswith(deviceName,'and')`, headers: { 'user-agent': 'probe/1' } });
  await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'checkIn' } });
  await call({ method: 'GET', url: '/_mock/health' });
  const objects = lines.map((l) => JSON.parse(l));
  t.same(objects.map((o) => [o.kind, o.level, o.url ?? o.activity]), [
    ['request', 30, `${DEVICES}?$filter=startswith(deviceName,%27and%27)`],
    ['device', 30, 'checkIn'],
    ['request', 30, '/_mock/devices/da/events'],
    ['request', 20, '/_mock/health'],
  ]);
  t.match(objects[0], { msg: 'request', method: 'GET', status: 200, tenant: 'contoso.onmicrosoft.com', caller: 'anonymous', userAgent: 'probe/1', reqId: String, warnings: [{ quirk: 'startswith-is-contains', sources: Array }] });
  t.match(objects[1], { msg: 'device', deviceId: 'da', deviceName: 'android-da', actions: [], tenant: 'contoso.onmicrosoft.com' });
});

t.test("a request's own logger: pino's child, with the request's id, made only when something logs through it", async (t) => {
  for (const logFormat of ['text', 'json'] as const) {
    const { lines, call, app } = await logged(t, { logLevel: 'info', logFormat });
    // Children of the app's logger (request loggers); a child's own children are not counted.
    let children = 0;
    const child = app.log.child;
    app.log.child = function (this: typeof app.log, ...args: Parameters<typeof child>) {
      if (this === app.log) children++;
      return child.apply(this, args);
    } as typeof child;
    app.get('/test/logs', (request, reply) => {
      request.log.warn({ port: 1 }, 'careful');
      request.log.child({ step: 2 }).error('nested');
      return reply.send({ level: request.log.level });
    });
    t.equal((await call({ method: 'GET', url: DEVICES })).statusCode, 200);
    // `--log-format json` writes the request's own line through its logger.
    t.equal(children, logFormat === 'json' ? 1 : 0, `${logFormat}: a request's logger is made only when it logs`);
    const res = await call({ method: 'GET', url: '/test/logs' });
    t.equal(children, logFormat === 'json' ? 2 : 1, `${logFormat}: one child per request, made on first use`);
    t.same(res.json(), { level: 'info' });
    const id = String(res.headers['request-id']);
    if (logFormat === 'text') {
      t.match(lines.find((l) => l.includes('careful')), new RegExp(`WARN careful port=1$`));
      t.ok(lines.some((l) => l.includes('ERROR nested')));
      continue;
    }
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    t.match(objects.find((o) => o.msg === 'careful'), { level: 40, port: 1, reqId: id });
    t.match(objects.find((o) => o.msg === 'nested'), { level: 50, step: 2, reqId: id });
    t.match(objects.find((o) => o.msg === 'request' && o.url === '/test/logs'), { reqId: id, status: 200 });
  }
});

t.test('silent logs nothing; warn logs no request lines', async (t) => {
  for (const logLevel of ['silent', 'warn'] as const) {
    const { lines, call } = await logged(t, { logLevel, logFormat: 'text' });
    await call({ method: 'GET', url: DEVICES });
    await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'checkIn' } });
    t.same(lines, [], logLevel);
  }
});

t.test("a level set at run time (app.log.level) is the one the request lines follow, at once, both ways", async (t) => {
  const { lines, call, app } = await logged(t, { logLevel: 'info', logFormat: 'text' });
  await call({ method: 'GET', url: DEVICES });
  t.equal(lines.length, 1, 'info: the request line');
  app.log.level = 'warn';
  await call({ method: 'GET', url: DEVICES });
  t.equal(lines.length, 1, 'warn: no request line');
  app.log.level = 'debug';
  await call({ method: 'GET', url: '/_mock/health' });
  t.equal(lines.length, 2, 'debug: the probe too');
  t.match(lines[1], /DEBUG GET \/_mock\/health 200 .* req=/, 'with the detail of debug');
  app.log.level = 'info';
  await call({ method: 'GET', url: '/_mock/health' });
  await call({ method: 'GET', url: DEVICES });
  t.equal(lines.length, 3, 'info again: no probe line, the request line');
  t.notMatch(lines[2], /req=/, 'without the detail of debug');
});

t.test('formatLine: other lines say their level; an error its message (its stack at debug)', async (t) => {
  const time = Date.UTC(2026, 0, 15, 12, 4, 5, 123);
  const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at here' };
  t.equal(formatLine(JSON.stringify({ level: 40, time, msg: 'careful', reqId: 'r1', port: 1 }), false), '12:04:05.123 WARN careful port=1\n');
  t.equal(formatLine(JSON.stringify({ level: 50, time, msg: 'failed', err }), false), '12:04:05.123 ERROR failed\n  Error: boom\n      at here\n');
  t.equal(formatLine(JSON.stringify({ level: 30, time, msg: 'hello', reqId: 'r1' }), true), '12:04:05.123 hello req=r1\n');
  // The time of day to the millisecond, padded, across seconds and days (the second's text is kept between lines).
  for (const [at, text] of [[time + 877, '12:04:06.000'], [time + 882, '12:04:06.005'], [time + 927, '12:04:06.050'], [time + 926.7, '12:04:06.049'], [Date.UTC(2026, 0, 16, 23, 59, 59, 999), '23:59:59.999'], [Date.UTC(2026, 0, 17), '00:00:00.000']] as const) {
    t.equal(formatLine(JSON.stringify({ level: 30, time: at, msg: 'x' }), false), `${text} x\n`);
  }
  t.equal(formatLine('not json\n', false), 'not json\n', 'passed through');
  t.equal(
    formatLine(JSON.stringify({ level: 30, time, msg: 'device', kind: 'device', activity: 'restarted', deviceId: 'd', deviceName: null, at: new Date(time).toISOString(), tenant: 'x' }), false),
    '12:04:05.123 device d finished restarting tenant=x\n',
    'no at= when it is the log line\'s own time',
  );
});

t.test("the process's stdout: a request's lines written once per turn of the event loop, in order with the others", async (t) => {
  const writes: string[] = [];
  const batch = new LineBatch({ write: (s: string) => writes.push(s) });
  batch.later('a\n');
  batch.later('b\n');
  t.same(writes, [], 'held');
  batch.write('c\n');
  t.same(writes, ['a\nb\n', 'c\n'], 'another line writes the held ones first, in one write');
  batch.later('d\n');
  await nextTurn();
  t.same(writes, ['a\nb\n', 'c\n', 'd\n'], 'written at the end of the turn');
  await nextTurn();
  t.equal(writes.length, 3, 'nothing written twice');

  // Through the app: the request's line is held until the turn ends, and written when the app closes.
  const out: string[] = [];
  const app = await buildApp(loadConfig([], {}, { auth: 'off', logLevel: 'info', logFormat: 'text' }), {
    clock: new ManualClock(), fixture: simFixture([DA]), signingKey: await sharedSigningKey, logStream: new LineBatch({ write: (s: string) => out.push(s) }),
  });
  await app.inject({ method: 'GET', url: DEVICES });
  t.same(out, [], 'not yet written');
  await nextTurn();
  t.equal(out.length, 1);
  t.match(out[0], / GET \/v1\.0\/deviceManagement\/managedDevices 200 \d+ms /);
  await app.inject({ method: 'GET', url: `${DEVICES}?$top=1` });
  await app.close();
  t.equal(out.length, 2, 'closing the app writes what is held');
  t.match(out[1], /\$top=1 200/);
});

t.test("the process's stdout batch with a hold: lines wait a few milliseconds for others, a burst does not wait", async (t) => {
  const writes: string[] = [];
  // The hold's timer, run by the test (no sleeping): what was asked, and how long.
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const batch = new LineBatch({ write: (s: string) => writes.push(s) }, { holdMs: 30, after: (fn, ms) => timers.push({ fn, ms }) });
  batch.later('a\n');
  await nextTurn();
  t.same(writes, [], 'held past the end of the turn');
  t.same(timers.map((x) => x.ms), [30], 'one timer, for the hold');
  batch.later('b\n');
  t.equal(timers.length, 1, 'no second timer while lines are held');
  timers[0]!.fn();
  t.same(writes, ['a\nb\n'], 'written together once the hold is over');
  batch.later('c\n');
  batch.write('d\n');
  t.same(writes, ['a\nb\n', 'c\n', 'd\n'], 'another line still writes the held ones first');
  const long = `${'x'.repeat(40 * 1024)}\n`;
  batch.later(long);
  batch.later(long);
  t.same(writes.slice(3), [long + long], 'past 64 Ki characters held, written at once');
  for (const timer of timers.slice(1)) timer.fn();
  t.equal(writes.length, 4, 'nothing written twice');
});
