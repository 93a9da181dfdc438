/** The README test's extractor (test/readme/blocks.ts): markers, sections, expected outputs, the port rewrite. */
import t from 'tap';
import { expectedOutputs, parseMarker, pointAt, readmeBlocks } from '../readme/blocks.js';

t.test('a block without a marker, or with an unknown one, is invalid', async (t) => {
  const blocks = readmeBlocks([
    '# One', '', '```sh', 'echo unmarked', '```', '',
    '<!-- readme-test: skip (needs a Docker engine) -->', '', '```sh', '# a heading-like comment', 'docker ps', '```',
    '## Two', '<!-- readme-test: runn -->', '```js', 'x', '```',
    '<!-- readme-test: run mock="--auth off" -->', '````ts', '```', '````',
  ].join('\n'));
  t.same(blocks.map((b) => [b.line, b.lang, b.section, b.marker.kind]), [
    [3, 'sh', 'One', 'invalid'], [9, 'sh', 'One', 'skip'], [15, 'js', 'Two', 'invalid'], [19, 'ts', 'Two', 'run'],
  ]);
  t.equal(blocks[3]!.code, '```\n', 'a longer fence holds a shorter one');
  t.match(blocks[0]!.marker, { problem: /no `<!-- readme-test/ });
});

t.test('a block in a list item is found too, without its indentation', async (t) => {
  const [b] = readmeBlocks(['- a step:', '', '  <!-- readme-test: run -->', '  ```sh', '  echo one', '    echo two', '  ```'].join('\n'));
  t.match(b, { line: 4, lang: 'sh', code: 'echo one\n  echo two\n', marker: { kind: 'run' } });
});

t.test('markers', async (t) => {
  t.same(parseMarker('<!-- readme-test: run -->'), { kind: 'run' });
  t.same(parseMarker('<!-- readme-test: run mock -->'), { kind: 'run', mock: '' });
  t.same(parseMarker('<!-- readme-test: run mock="--auth off --seed x" -->'), { kind: 'run', mock: '--auth off --seed x' });
  t.same(parseMarker('<!-- readme-test: file fleet.json -->'), { kind: 'file', name: 'fleet.json' });
  t.same(parseMarker('<!-- readme-test: serve -->'), { kind: 'serve' });
  t.same(parseMarker('<!-- readme-test: skip (a GitHub Actions workflow) -->'), { kind: 'skip', reason: 'a GitHub Actions workflow' });
  t.equal(parseMarker('<!-- readme-test: skip -->').kind, 'invalid', 'a skip needs its reason');
  t.equal(parseMarker('<!-- a comment -->').kind, 'invalid');
});

t.test('what a block says it prints', async (t) => {
  t.same(expectedOutputs(`curl … | jq .x   # "active"\ncurl -w 'HTTP %{http_code}'   # HTTP 204\n# {"set":false}\necho '#' # prose`), ['"active"', 'HTTP 204', '{"set":false}']);
  t.same(expectedOutputs(`console.log(x); // {"status":400}\nconst u = 'https://a'; // "ok", then`, 'js'), ['{"status":400}', '"ok"']);
  t.same(expectedOutputs('x = 1  # {not json "but quoted"}'), ['"but quoted"']);
});

t.test('the README\'s ports point at the started mock, nothing else changes', async (t) => {
  const ports = { http: 40001, https: 40002 };
  t.equal(pointAt("curl http://127.0.0.1:8080/x localhost:8080 'https://127.0.0.1:8443' https://localhost:8443/ :18080 127.0.0.1:80800", ports),
    "curl http://127.0.0.1:40001/x localhost:40001 'https://127.0.0.1:40002' https://localhost:40002/ :18080 127.0.0.1:80800");
  t.equal(pointAt('HTTPS_PROXY=http://127.0.0.1:8888 curl -x localhost:8888', ports), 'HTTPS_PROXY=http://127.0.0.1:8888 curl -x localhost:8888', 'no proxy: 8888 as written');
  t.equal(pointAt('HTTPS_PROXY=http://127.0.0.1:8888 curl -x localhost:8888 :18888', { ...ports, proxy: 40003 }), 'HTTPS_PROXY=http://127.0.0.1:40003 curl -x localhost:40003 :18888', 'the proxy port');
});

t.test('every block of the README is found, and each is marked', async (t) => {
  const blocks = readmeBlocks();
  t.ok(blocks.length >= 20);
  t.same(blocks.filter((b) => b.marker.kind === 'invalid').map((b) => b.line), [], 'no unmarked block');
});
