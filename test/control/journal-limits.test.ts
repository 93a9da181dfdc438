/**
 * Journal entries are bounded (docs/simulation.md#request-journal): a body too long or too deep is kept
 * cut, with a marker, so `GET /_mock/requests` never fails (a body nested 3,000 deep once made it a 500).
 */
import t from 'tap';
import { JOURNAL_BODY_DEPTH, JOURNAL_BODY_LIMIT, journalBody } from '../../src/testkit/journal.js';
import { build, defaultFixture } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;
const LIST_PATH = '/v1.0/deviceManagement/managedDevices';
const DEVICE = `${LIST_PATH}/${device.id}`;
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const json = { 'content-type': 'application/json' };

t.test('journalBody: whole when small, cut with a marker when long or deep, secrets replaced either way', async (t) => {
  t.same(journalBody({ notes: 'x', password: 'p', inner: [{ client_secret: 's' }] }), { notes: 'x', password: '<redacted>', inner: [{ client_secret: '<redacted>' }] });
  t.same(journalBody(JSON.parse(nested(JOURNAL_BODY_DEPTH))), JSON.parse(nested(JOURNAL_BODY_DEPTH)), 'at the depth limit: whole');
  const deep = journalBody(JSON.parse(nested(100000))) as Record<string, string>;
  t.equal(deep['@mock.truncated'], `nested deeper than ${JOURNAL_BODY_DEPTH} levels`);
  t.equal(deep.excerpt, `${'['.repeat(JOURNAL_BODY_DEPTH)}…`);
  const atSize = { notes: 'n'.repeat(JOURNAL_BODY_LIMIT - '{"notes":""}'.length) };
  t.same(journalBody(atSize), atSize, 'at the size limit: whole');
  const long = journalBody({ password: 'secret', notes: `${atSize.notes}n` }) as { '@mock.truncated': string; excerpt: string };
  t.equal(long['@mock.truncated'], `longer than ${JOURNAL_BODY_LIMIT} characters of JSON`);
  t.equal(long.excerpt.length, JOURNAL_BODY_LIMIT + 1);
  t.ok(long.excerpt.startsWith('{"password":"<redacted>","notes":"nnn'), 'secrets replaced in the excerpt');
  t.notMatch(long.excerpt, /secret"/);
  const wide = journalBody(Array.from({ length: 100000 }, (_, i) => i)) as Record<string, string>;
  t.match(wide, { '@mock.truncated': /^longer/ }, 'many small members');
});

t.test('a body nested 3,000 deep: answered, journaled cut, and the journal lists', async (t) => {
  const { call } = await build(t);
  const res = await call({ method: 'PATCH', url: DEVICE, payload: `{"notes":${nested(3000)}}`, headers: json });
  t.equal(res.statusCode, 400);
  const journal = await call('/_mock/requests');
  t.equal(journal.statusCode, 200, 'the journal lists');
  const [entry] = journal.json.requests;
  t.match(entry, { method: 'PATCH', path: DEVICE, status: 400, body: { '@mock.truncated': `nested deeper than ${JOURNAL_BODY_DEPTH} levels` } });
  t.equal(entry.body.excerpt, `{"notes":${'['.repeat(JOURNAL_BODY_DEPTH - 1)}…`);
  t.equal((await call({ method: 'PATCH', url: DEVICE, payload: `{"notes":${nested(10000)}}`, headers: json })).statusCode, 400);
  t.equal((await call('/_mock/requests')).json.requests.length, 2, 'still lists');
});

t.test('a 1 MB body: journaled cut to 64 Ki characters', async (t) => {
  const { call } = await build(t);
  await call({ method: 'PATCH', url: DEVICE, payload: { notes: 'n'.repeat(1_000_000) } });
  const journal = await call('/_mock/requests');
  t.equal(journal.statusCode, 200);
  const body = journal.json.requests[0].body;
  t.equal(body['@mock.truncated'], `longer than ${JOURNAL_BODY_LIMIT} characters of JSON`);
  t.equal(body.excerpt.length, JOURNAL_BODY_LIMIT + 1);
  t.ok(journal.body.length < 2 * JOURNAL_BODY_LIMIT, 'the listing stays small');
});

t.test('--journal-size and --journal-body-limit: entries per journal, characters of a body, path and query kept', async (t) => {
  const { call } = await build(t, { config: { journalSize: 3, journalBodyLimit: 1024 } });
  for (let i = 0; i < 5; i++) await call(`/v1.0/deviceManagement/managedDevices?$top=${i + 1}`);
  const journal = (await call('/_mock/requests')).json;
  t.same(journal.requests.map((e: any) => e.query), ['$top=3', '$top=4', '$top=5'], 'the newest 3');
  t.equal(journal.dropped, 2);
  const auth = await build(t, { config: { auth: 'strict', journalSize: 2 } });
  for (let i = 0; i < 3; i++) await auth.call({ method: 'GET', url: LIST_PATH, headers: { authorization: 'Bearer x' } });
  t.match((await auth.call('/_mock/requests/unauthenticated')).json, { requests: { length: 2 }, dropped: 1 }, 'the unauthenticated journal too');

  const res = await call({ method: 'PATCH', url: DEVICE, payload: { notes: 'n'.repeat(2000) }, headers: json });
  t.equal(res.statusCode, 204);
  const [patch] = (await call('/_mock/requests?method=PATCH')).json.requests;
  t.equal(patch.body['@mock.truncated'], 'longer than 1024 characters of JSON');
  t.equal(patch.body.excerpt.length, 1025);
  t.same((await call({ method: 'PATCH', url: DEVICE, payload: { notes: 'short' }, headers: json })).statusCode, 204);
  t.same((await call('/_mock/requests?method=PATCH')).json.requests[1].body, { notes: 'short' }, 'a body within the limit: whole');

  const longQuery = `$filter=${'a'.repeat(300_000)}`;
  await call(`${LIST_PATH}?${longQuery}`);
  const longPath = `${LIST_PATH}${'/segment'.repeat(1000)}`;
  await call(longPath);
  const [q, p] = (await call('/_mock/requests')).json.requests.slice(-2);
  t.equal(q.query, `${longQuery.slice(0, 1024)}…[@mock.truncated: ${longQuery.length} characters]`, 'a long query string is cut and marked');
  t.equal(p.path, `${longPath.slice(0, 1024)}…[@mock.truncated: ${longPath.length} characters]`, 'a long path too');
});

t.test('the journal settings are bounded', async (t) => {
  const { loadConfig } = await import('../../src/config.js');
  t.throws(() => loadConfig(['--journal-size', '0']), /journal-size/);
  t.throws(() => loadConfig(['--journal-body-limit', String(5 * 1024 * 1024)]), /journal-body-limit/);
  t.match(loadConfig([], { INTUNE_MOCK_JOURNAL_SIZE: '50', INTUNE_MOCK_JOURNAL_BODY_LIMIT: '4096' }), { journalSize: 50, journalBodyLimit: 4096 });
});
