/**
 * Path patterns of fault rules and the journal filter (README, "Faults"): `*` within a segment, `**` across,
 * case-insensitive; and no pattern can freeze the process (they once ran as backtracking RegExps).
 */
import t from 'tap';
import { MAX_PATTERN_LENGTH, pathPattern } from '../../src/testkit/path-pattern.js';
import { build, defaultFixture } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;

const LIST = '/v1.0/deviceManagement/managedDevices';

t.test('the syntax: * within a segment, ** across, case-insensitive, whole path, trailing slash ignored', async (t) => {
  const cases: [string, string, boolean][] = [
    [LIST, LIST, true],
    [LIST, LIST.toUpperCase(), true],
    [LIST, `${LIST}/`, true],
    [LIST, `${LIST}x`, false],
    [LIST, `/beta${LIST.slice(5)}`, false],
    ['/v1.0/deviceManagement/*', LIST, true],
    ['/v1.0/*', LIST, false],
    ['/v1.0/**', LIST, true],
    ['/v1.0/**/managedDevices', LIST, true],
    ['/v1.0/**/resetPasscode', '/v1.0/users/u/managedDevices/d/resetPasscode', true],
    ['/v1.0/**/resetPasscode', '/v1.0/users/u/managedDevices/d/wipe', false],
    ['/v1.0/*/managed*', LIST, true],
    ['/v1.0/*/*Devices', LIST, true],
    ['/v1.0/*/*Users', LIST, false],
    ['/v1.0/device*/x', '/v1.0/deviceManagement/y/x', false],
    ['/v1.0/device**/x', '/v1.0/deviceManagement/y/x', true],
    ['***', '/a/b', true],
    ['/*', '/', true],
    ['/*', '', false],
    ['/v1.0/(a)[b].+?$^{c}|\\', '/v1.0/(a)[b].+?$^{c}|\\', true],
    ['/v1.0/a.c', '/v1.0/abc', false],
  ];
  for (const [pattern, path, expected] of cases) t.equal(pathPattern(pattern)(path), expected, `${pattern} ~ ${path}`);
});

t.test('the same answers as the RegExp it replaces, on random small patterns and paths', async (t) => {
  // The former implementation, fine on small inputs: the reference.
  const reference = (pattern: string) => {
    const source = pattern.split(/(\*\*|\*)/).map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))).join('');
    return new RegExp(`^${source}/?$`, 'i');
  };
  let seed = 14; // mulberry32
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[rand(alphabet.length)]).join('');
  let disagreements = 0;
  let matched = 0;
  for (let i = 0; i < 3000; i++) {
    const pattern = pick('/aB*', 1 + rand(12));
    // Half the paths are the pattern with its stars filled in (so many match), half random.
    const path = rand(2) ? pattern.replace(/\*/g, () => pick('ab', rand(3)) + (rand(4) ? '' : '/')) : pick('/abAB', rand(40));
    const want = reference(pattern).test(path);
    if (pathPattern(pattern)(path) !== want) disagreements++;
    if (want) matched++;
  }
  // Patterns over 32 tokens cross a machine word.
  for (let i = 0; i < 500; i++) {
    const pattern = pick('/ab*', 30 + rand(60));
    const path = rand(2) ? pattern.replace(/\*/g, () => pick('ab', rand(3)) + (rand(4) ? '' : '/')) : pick('/ab', rand(120));
    const want = reference(pattern).test(path);
    if (pathPattern(pattern)(path) !== want) disagreements++;
    if (want) matched++;
  }
  t.equal(disagreements, 0);
  t.ok(matched > 100, `both outcomes are exercised (${matched} matched)`);
});

t.test('adversarial patterns answer, and correctly', async (t) => {
  const many = `/${Array.from({ length: 2000 }, (_, i) => `s${i}`).join('/')}`;
  t.equal(pathPattern('/**/**/**/**/**/**/**/**/x')(many), false, 'no segment x');
  t.equal(pathPattern('/**/**/**/**/**/**/**/**/x')(`${many}/x`), true);
  t.equal(pathPattern('/**/*/**/*/**/*/**/*/**/*/**/*/**/*/x')(many), false);
  const segment = `/${'a'.repeat(20000)}`;
  t.equal(pathPattern('/*a*a*a*a*a*a*a*a*a*a*a*b')(segment), false, 'no b');
  t.equal(pathPattern('/*a*a*a*a*a*a*a*a*a*a*a*b')(`${segment}b`), true);
  t.equal(pathPattern(`/${'*a'.repeat(200)}`)(segment), true);
  t.equal(pathPattern(`/${'*a'.repeat(200)}`)(`/${'a'.repeat(199)}`), false, 'one a too few');
});

t.test('an adversarial fault rule and journal filter are answered over HTTP', async (t) => {
  const { call } = await build(t);
  const longPath = `/v1.0/${Array.from({ length: 300 }, (_, i) => `s${i}`).join('/')}`;
  const pattern = '/**v1.0**/**deviceManagement**/**managedDevices';
  const rule = await call({ method: 'POST', url: '/_mock/faults', payload: { path: pattern, status: 503, times: 3 } });
  t.equal(rule.statusCode, 201);
  t.equal((await call(longPath)).statusCode, 400, 'an unknown path, answered');
  t.equal((await call(`${LIST}/${device.id}`)).statusCode, 200, 'not matched');
  t.equal((await call(LIST)).statusCode, 503, 'matched');
  await call(`/v1.0/${'a'.repeat(3000)}`);
  const journal = await call(`/_mock/requests?path=${encodeURIComponent(pattern)}`);
  t.equal(journal.statusCode, 200);
  t.same(journal.json.requests.map((r: { path: string }) => r.path), [LIST]);
  const star = await call(`/_mock/requests?path=${encodeURIComponent('/v1.0/*a*a*a*a*a*a*a*a*a*a*a*b')}`);
  t.same(star.json.requests, [], 'no segment of a…a then b');
  const hit = await call(`/_mock/requests?path=${encodeURIComponent('/v1.0/*a*a*a*a*a*a*a*a*a*a*a*a')}`);
  t.same(hit.json.requests.map((r: { path: string }) => r.path), [`/v1.0/${'a'.repeat(3000)}`]);
});

t.test('a pattern is at most MAX_PATTERN_LENGTH characters, in a rule and in the journal filter', async (t) => {
  const { call } = await build(t);
  const at = `/${'*a'.repeat(MAX_PATTERN_LENGTH)}`.slice(0, MAX_PATTERN_LENGTH);
  t.equal(at.length, MAX_PATTERN_LENGTH);
  t.equal((await call({ method: 'POST', url: '/_mock/faults', payload: { path: at, status: 503 } })).statusCode, 201);
  const over = await call({ method: 'POST', url: '/_mock/faults', payload: { path: `${at}a`, status: 503 } });
  t.equal(over.statusCode, 400);
  t.equal(over.json.error.code, 'invalidRequest');
  t.equal((await call(`/_mock/requests?path=${encodeURIComponent(at)}`)).statusCode, 200);
  const journal = await call(`/_mock/requests?path=${encodeURIComponent(`${at}a`)}`);
  t.equal(journal.statusCode, 400);
});
