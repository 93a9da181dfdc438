/** The parity comparison (shape.ts) catches each kind of difference it claims to, and forgives only empty values. */
import t from 'tap';
import { compareAnswers, formatOf, pathMatches, valueAt, type Answer, type CompareOptions } from './shape.js';

const intune = (message: string) =>
  JSON.stringify({
    _version: 3,
    Message: `${message} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: x - Url: https://fef.msua06.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices('x')?api-version=1`,
    CustomApiErrorPhrase: '', RetryAfter: null, ErrorSourceService: '', HttpHeaders: '{}',
  }, null, 2).replace(/\n/g, '\r\n');

const error = (code: string, message: string) => ({
  error: { code, message, innerError: { date: '2020-09-22T16:33:23', 'request-id': '8a9a6a3c-0d1b-4a3e-9a55-0f6b1c2d3e4f', 'client-request-id': '8a9a6a3c-0d1b-4a3e-9a55-0f6b1c2d3e4f' } },
});

const opts = (o: Partial<CompareOptions> = {}): CompareOptions => ({
  complete: true, exact: [], sameTextBefore: {}, enumAt: (p) => (p === 'complianceState' ? ['compliant', 'noncompliant'] : undefined), ...o,
});
const real = (body: unknown, status = 200, headers: Record<string, string> = {}) => ({ status, headers, body });
const mock = (body: unknown, status = 200, headers: Record<string, unknown> = {}): Answer => ({ status, headers, body });
const kinds = (d: { kind: string; path: string }[]) => d.map((x) => `${x.kind} ${x.path}`);

t.test('an identical shape has no difference; null and "" stand for any value', async (t) => {
  const device = { id: 'a6f3e9c4-1b2d-4e5f-8a9b-0c1d2e3f4a5b', complianceState: 'compliant', notes: null, udid: '', n: 1, list: [{ a: 1 }] };
  t.same(compareAnswers(real(device), mock({ ...device, notes: 'x', udid: 'https://x', list: [{ a: 2 }] }), opts()), []);
  t.same(compareAnswers(real({ a: 'x', b: [] }), mock({ a: null, b: [{ c: 1 }] }), opts()), [], 'null mock value, empty real array');
});

t.test('status, keys, types', async (t) => {
  t.same(kinds(compareAnswers(real({ a: 1 }), mock({ a: 1 }, 201), opts())), ['status status']);
  t.same(kinds(compareAnswers(real({ a: 1, b: { c: true } }), mock({ a: 1, b: {} }), opts())), ['missing b.c']);
  t.same(kinds(compareAnswers(real({ a: 1 }), mock({ a: 1, z: 2 }), opts())), ['extra z']);
  t.same(kinds(compareAnswers(real({ a: 1 }), mock({ a: 1, z: 2 }), opts({ complete: false }))), [], 'a truncated source allows more keys');
  t.same(kinds(compareAnswers(real({ a: 1, l: [{ x: 'y' }] }), mock({ a: '1', l: [{ x: 2 }] }), opts())), ['type a', 'type l[0].x']);
  t.same(kinds(compareAnswers(real(null, 204), mock({}, 204), opts())), ['type body'], 'a 204 has no body');
  t.same(kinds(compareAnswers(real({}, 200), mock(null, 200), opts())), ['type body']);
});

t.test('formats Graph fixes: GUIDs, dates, error dates, Intune documents and their Message', async (t) => {
  t.same(kinds(compareAnswers(real({ id: 'a6f3e9c4-1b2d-4e5f-8a9b-0c1d2e3f4a5b' }), mock({ id: 'device-1' }), opts())), ['format id']);
  t.same(kinds(compareAnswers(real({ d: '2024-05-15T14:13:19.376941Z' }), mock({ d: 'yesterday' }), opts())), ['format d']);
  t.same(kinds(compareAnswers(real(error('X', 'm')), mock({ error: { ...error('X', 'm').error, innerError: { ...error('X', 'm').error.innerError, date: '2020-09-22T16:33:23.000Z' } } }), opts())), ['format error.innerError.date']);
  t.same(kinds(compareAnswers(real(error('BadRequest', intune('An error has occurred'))), mock(error('BadRequest', 'Bad request.')), opts())), ['format error.message']);
  const withoutPhrase = JSON.stringify({ ...JSON.parse(intune('x')), CustomApiErrorPhrase: undefined });
  t.same(kinds(compareAnswers(real(error('B', intune('x'))), mock(error('B', withoutPhrase)), opts())), ['missing error.message<json>.CustomApiErrorPhrase'], 'inside the document');
  const plainMessage = JSON.stringify({ ...JSON.parse(intune('x')), Message: 'Something failed.' });
  t.same(kinds(compareAnswers(real(error('B', intune('x'))), mock(error('B', plainMessage)), opts())), ['format error.message<json>.Message']);
  t.equal(formatOf(intune('x').slice(0, 40)), 'Intune JSON document', 'a document cut short in the source still counts');
});

t.test('enums, exact values, text before a separator, @odata.context', async (t) => {
  t.same(kinds(compareAnswers(real({ complianceState: 'inGracePeriod' }), mock({ complianceState: 'compliant' }), opts())), ['enum complianceState'], "the real member is not one of the mock's");
  t.same(kinds(compareAnswers(real({ iccid: '' }), mock({ iccid: null }), opts({ exact: ['iccid'] }))), ['value iccid']);
  t.same(kinds(compareAnswers(real(error('Forbidden', 'x')), mock(error('BadRequest', 'x')), opts({ exact: ['error.code'] }))), ['value error.code']);
  t.same(kinds(compareAnswers(real(error('F', intune('Application is not authorized'))), mock(error('F', intune('User is not authorized'))),
    opts({ sameTextBefore: { 'error.message<json>.Message': ' - Operation ID' } }))), ['value error.message<json>.Message']);
  t.same(kinds(compareAnswers(
    real({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices/$entity' }),
    mock({ '@odata.context': 'http://127.0.0.1:8080/v1.0/$metadata#deviceManagement/managedDevices/$entity' }), opts())), [], 'the host is the caller\'s');
  t.same(kinds(compareAnswers(
    real({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices/$entity' }),
    mock({ '@odata.context': 'http://127.0.0.1:8080/beta/$metadata#deviceManagement/managedDevices/$entity' }), opts())), ['value @odata.context']);
});

t.test('headers: media type, Retry-After in seconds, ids present, constants equal; transport headers ignored', async (t) => {
  const r = real({}, 429, { 'Content-Type': 'application/json', 'Retry-After': '2.128', 'request-id': 'x', 'OData-Version': '4.0', Date: 'Tue, 22 Sep 2020 16:33:23 GMT' });
  t.same(kinds(compareAnswers(r, mock({}, 429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2', 'request-id': 'y', 'odata-version': '4.0' }), opts())), []);
  t.same(kinds(compareAnswers(r, mock({}, 429, { 'content-type': 'text/plain', 'retry-after': 'soon', 'odata-version': '4.01' }), opts())),
    ['header headers.content-type', 'header headers.retry-after', 'header headers.request-id', 'header headers.odata-version']);
});

t.test('paths: reading values and matching allowances', async (t) => {
  const body = { value: [{ '@odata.type': '#x', deviceActionResults: [{ actionName: 'remoteLock' }] }], error: { message: intune('m') } };
  t.equal(valueAt(body, 'value[0].@odata.type'), '#x');
  t.equal(valueAt(body, 'value[0].deviceActionResults[0].actionName'), 'remoteLock');
  t.equal(valueAt(body, 'error.message<json>._version'), 3);
  t.equal(valueAt(body, 'value[1].nothing'), undefined);
  t.ok(pathMatches('**@odata.type', 'value[0].deviceHealthAttestationState.@odata.type'));
  t.ok(pathMatches('hardwareInformation.*', 'hardwareInformation.batteryLevelPercentage'));
  t.notOk(pathMatches('hardwareInformation.*', 'hardwareInformation.sharedDeviceCachedUsers[0].dataUsed'));
  t.notOk(pathMatches('managementState', 'value[0].managementState'));
});
