/** Secrets are replaced wherever a client may put them (src/lib/redact.ts; docs/simulation.md#request-journal). */
import t from 'tap';
import { REDACTED, isSecretKey, redactUrl } from '../../src/lib/redact.js';

t.test('isSecretKey: any case, bracketed and dotted keys', async (t) => {
  for (const key of ['client_secret', 'CLIENT_SECRET', 'Client_Assertion', 'password', 'refresh_token', 'access_token', 'id_token', 'clientSecret', 'code',
    'client_secret[]', 'client_secret[0]', 'a[client_secret]', 'a[b][Password]', 'creds.client_secret', ' client_secret ']) {
    t.ok(isSecretKey(key), key);
  }
  for (const key of ['client_id', 'notes', 'secretary', 'passwordHint', 'a[client_id]', 'grant_type', 'scope', 'codes']) t.notOk(isSecretKey(key), key);
});

t.test('redactUrl: every secret-named parameter, however it is spelled or encoded; the rest as sent', async (t) => {
  const cases: Array<[string, string]> = [
    ['client_id=app&client_secret=hunter2&scope=x', `client_id=app&client_secret=${REDACTED}&scope=x`],
    ['CLIENT_SECRET=hunter2', `CLIENT_SECRET=${REDACTED}`],
    ['client_secret[]=a&client_secret[]=b', `client_secret[]=${REDACTED}&client_secret[]=${REDACTED}`],
    ['client_secret%5B%5D=a', `client_secret%5B%5D=${REDACTED}`],
    ['creds[client_secret]=a&creds%5Bpassword%5D=b', `creds[client_secret]=${REDACTED}&creds%5Bpassword%5D=${REDACTED}`],
    ['client%5Fsecret=a', `client%5Fsecret=${REDACTED}`],
    ['?client_%73ecret=S3CR3T&a=1', `?client_%73ecret=${REDACTED}&a=1`],
    ['pass%77ord=p', `pass%77ord=${REDACTED}`],
    ['a=1;password=p', `a=1;password=${REDACTED}`],
    ['/v1.0/x?client_assertion=eyJ.a.b&$top=1', `/v1.0/x?client_assertion=${REDACTED}&$top=1`],
    ['/v1.0/deviceManagement/x%3Fclient_secret%3Dhunter2', `/v1.0/deviceManagement/x?client_secret=${REDACTED}`],
    ['/v1.0/x;password=p/y', `/v1.0/x;password=${REDACTED}/y`],
    ['next=%2Fcb%3Fcode%3Dabc', `next=/cb?code=${REDACTED}`],
    ['$filter=deviceName%20eq%20%27secret%27&$top=2', '$filter=deviceName%20eq%20%27secret%27&$top=2'],
    ['/v1.0/deviceManagement/managedDevices/abc/resetPasscode', '/v1.0/deviceManagement/managedDevices/abc/resetPasscode'],
    ['client_secret=%E0%A4%A', `client_secret=${REDACTED}`],
  ];
  for (const [raw, want] of cases) t.equal(redactUrl(raw), want, raw);
  t.notMatch(redactUrl('a=%2525&client_secret=x'), /=x/);
});
