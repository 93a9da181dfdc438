/**
 * Secrets never reach the journal or the log, wherever the client put them: the query string, the path,
 * a form body under a bracketed key, JSON, in any case (docs/simulation.md#request-journal, #logs).
 */
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build, defaultFixture, sharedSigningKey } from '../helpers/build.js';

const SECRET = 'hunter2-TOP-SECRET';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const TOKEN = '/contoso.onmicrosoft.com/oauth2/v2.0/token';
const requests = [
  { method: 'POST', url: `${TOKEN}?client_secret=${SECRET}&x=1`, headers: form, payload: 'client_id=a&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' },
  { method: 'POST', url: `${TOKEN}?CLIENT_SECRET%5B%5D=${SECRET}`, headers: form, payload: `client_id=a&client_secret[]=${SECRET}&grant_type=client_credentials` },
  { method: 'POST', url: TOKEN, headers: form, payload: `client_id=a&creds[client_secret]=${SECRET}&Client_Assertion=${SECRET}&PASSWORD=${SECRET}&grant_type=password` },
  { method: 'GET', url: `/v1.0/deviceManagement/managedDevices?$top=1&access_token=${SECRET}` },
  { method: 'GET', url: `/v1.0/deviceManagement/managedDevices%3Fclient_secret%3D${SECRET}` },
  { method: 'PATCH', url: `/v1.0/deviceManagement/managedDevices/${defaultFixture().devices![0]!.id}`, headers: { 'content-type': 'application/json' }, payload: { notes: 'n', 'a[client_secret]': SECRET, nested: { Password: SECRET } } },
];

t.test('the journal: no secret in any entry, tenant\'s or unauthenticated', async (t) => {
  const { call } = await build(t);
  for (const r of requests) await call(r as never);
  const journaled = JSON.stringify([(await call('/_mock/requests')).json, (await call('/_mock/requests/unauthenticated')).json]);
  t.equal(JSON.parse(journaled).flatMap((j: any) => j.requests).length, requests.length, 'every request journaled');
  t.notMatch(journaled, SECRET);
  t.match(journaled, /client_secret=<redacted>&x=1/);
  t.match(journaled, /CLIENT_SECRET%5B%5D=<redacted>/);
  t.match(journaled, /"client_secret\[\]":"<redacted>"/);
  t.match(journaled, /"creds\[client_secret\]":"<redacted>"/);
  t.match(journaled, /access_token=<redacted>/);
  t.match(journaled, /managedDevices\?client_secret=<redacted>/, 'an encoded query in the path');
});

t.test('the log, text and JSON: no secret in any line', async (t) => {
  for (const logFormat of ['text', 'json'] as const) {
    const lines: string[] = [];
    const app = await buildApp(loadConfig([], {}, { auth: 'off', logLevel: 'debug', logFormat }), {
      clock: new ManualClock(), fixture: defaultFixture(), signingKey: await sharedSigningKey, logStream: { write: (s: string) => lines.push(s) },
    });
    t.teardown(() => app.close());
    for (const r of requests) await app.inject(r as never);
    t.ok(lines.length >= requests.length, `${logFormat}: a line per request`);
    t.notMatch(lines.join(''), SECRET, logFormat);
    t.match(lines.join(''), /client_secret=<redacted>/, logFormat);
  }
});
