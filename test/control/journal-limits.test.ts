/**
 * Journal entries are bounded (docs/simulation.md#request-journal): a body too long or too deep is kept
 * cut, with a marker, so `GET /_mock/requests` never fails (a body nested 3,000 deep once made it a 500).
 */
import t from 'tap';
import { JOURNAL_BODY_DEPTH, JOURNAL_BODY_LIMIT, journalBody } from '../../src/testkit/journal.js';
import { build, defaultFixture } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;
const DEVICE = `/v1.0/deviceManagement/managedDevices/${device.id}`;
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
