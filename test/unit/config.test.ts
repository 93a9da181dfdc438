import t from 'tap';
import { ConfigError, OPTIONS, loadConfig, optionsHelp } from '../../src/config.js';

t.test('defaults < environment < flags', async (t) => {
  t.same({ ...loadConfig() }, { httpPort: 8080, httpsPort: 8443, host: '127.0.0.1', auth: 'strict', logLevel: 'info', logFormat: 'text', ruleset: '2018', odata: 'strict', checkInDelay: 2, maxAudits: 10_000, controlAuth: 'auto', maxTenants: 1_000, journalSize: 1000, journalBodyLimit: 65_536, maxFixtureBytes: 384 * 1024 * 1024, throttling: 'intune' });
  t.equal(loadConfig(['--odata', 'intune']).odata, 'intune');
  t.equal(loadConfig([], { INTUNE_MOCK_THROTTLING: 'off' }).throttling, 'off');
  t.throws(() => loadConfig(['--throttling', 'graph']), /--throttling \(INTUNE_MOCK_THROTTLING\): must be one of: "intune", "off"/);
  t.equal(loadConfig([], { INTUNE_MOCK_ODATA: 'intune' }).odata, 'intune');
  t.throws(() => loadConfig(['--tls-cert', 'a.pem']), /--tls-cert and --tls-key go together/);
  t.throws(() => loadConfig(['--auth', 'maybe']), /--auth \(INTUNE_MOCK_AUTH\): must be one of: "strict", "claims", "off"/);
  t.match(loadConfig(['--ruleset', '2025', '--check-in-delay', '0.5', '--seed', 'abc', '--max-audits', '50', '--max-tenants', '3']), { ruleset: '2025', checkInDelay: 0.5, seed: 'abc', maxAudits: 50, maxTenants: 3 });
  const env = { INTUNE_MOCK_HTTP_PORT: '9000', INTUNE_MOCK_HOST: '0.0.0.0', INTUNE_MOCK_DATA: '/tmp/x' };
  t.match(loadConfig([], env), { httpPort: 9000, host: '0.0.0.0', data: '/tmp/x' });
  t.match(loadConfig(['--http-port', '9100', '--data', '/tmp/y'], env), { httpPort: 9100, host: '0.0.0.0', data: '/tmp/y' });
  t.match(loadConfig(['--http-port=9200']), { httpPort: 9200 });
  t.equal(loadConfig([], { INTUNE_MOCK_HTTP_PORT: '' }).httpPort, 8080, 'an empty variable is unset');
  t.ok(Object.isFrozen(loadConfig()));
});

t.test('every problem is reported, naming the flag or variable', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--http-port', '-1'], {}, /--http-port/],
    [['--http-port', '99999'], {}, /--http-port \(INTUNE_MOCK_HTTP_PORT\): must be <= 65535/],
    [[], { INTUNE_MOCK_HTTP_PORT: '1.5' }, /INTUNE_MOCK_HTTP_PORT: '1\.5' is not a whole number/],
    [['--log-level', 'loud'], {}, /--log-level \(INTUNE_MOCK_LOG_LEVEL\): must be one of/],
    [['--nope'], {}, /--nope/],
    [['serve'], {}, /serve/],
    [['--host'], {}, /--host/],
    [['--ruleset', '2020'], {}, /--ruleset \(INTUNE_MOCK_RULESET\): must be one of: "2018", "2025"/],
    [['--check-in-delay', 'soon'], {}, /--check-in-delay: 'soon' is not a non-negative number/],
    [['--odata', 'lenient'], {}, /--odata \(INTUNE_MOCK_ODATA\): must be one of: "strict", "intune"/],
  ];
  for (const [argv, env, message] of cases) {
    t.throws(() => loadConfig(argv, env), ConfigError, argv.join(' '));
    try {
      loadConfig(argv, env);
    } catch (err) {
      t.match((err as Error).message, message);
    }
  }
});

t.test('--help: every description starts in one column, computed from the longest flag', async (t) => {
  const lines = optionsHelp().split('\n');
  const flagLines = lines.filter((l) => l.startsWith('  --'));
  t.equal(flagLines.length, OPTIONS.length);
  const column = (l: string) => /^ {2}--\S+ \S+ +/.exec(l)![0].length;
  const width = Math.max(...OPTIONS.map((o) => `  --${o.flag} ${o.arg}`.length)) + 2;
  for (const l of flagLines) t.equal(column(l), width, l);
  for (const l of lines.filter((l) => !l.startsWith('  --'))) t.match(l, new RegExp(`^ {${width}}env INTUNE_MOCK_`), l);
});

t.test('the control plane settings: --control-auth, --allowed-hosts, and the key from the environment only', async (t) => {
  t.equal(loadConfig(['--control-auth', 'key']).controlAuth, 'key');
  t.throws(() => loadConfig(['--control-auth', 'maybe']), /--control-auth \(INTUNE_MOCK_CONTROL_AUTH\): must be one of: "auto", "key", "off"/);
  t.equal(loadConfig(['--allowed-hosts', 'ci.example,*.corp.test,mock.lan.']).allowedHosts, 'ci.example,*.corp.test,mock.lan.');
  t.equal(loadConfig([], { INTUNE_MOCK_ALLOWED_HOSTS: '*' }).allowedHosts, '*');
  for (const bad of ['a b', 'http://x', 'a,,b', '*.', 'x:8080']) t.throws(() => loadConfig(['--allowed-hosts', bad]), /--allowed-hosts/, bad);
  const key = 'a-long-enough-key-0123';
  t.equal(loadConfig([], { INTUNE_MOCK_CONTROL_KEY: key }).controlKey, key);
  t.equal(loadConfig([], { INTUNE_MOCK_CONTROL_KEY: '' }).controlKey, undefined, 'empty is unset');
  t.throws(() => loadConfig(['--control-key', key]), /Unknown option '--control-key'/, 'never a flag: flags show in ps');
  const err = t.throws(() => loadConfig([], { INTUNE_MOCK_CONTROL_KEY: 'short-secret' })) as Error;
  t.match(err.message, /INTUNE_MOCK_CONTROL_KEY: .*at least 16 printable characters/);
  t.notMatch(err.message, 'short-secret', 'the message does not repeat the key');
  t.throws(() => loadConfig([], { INTUNE_MOCK_CONTROL_KEY: 'has spaces in it, sixteen+' }), /INTUNE_MOCK_CONTROL_KEY/);
});
