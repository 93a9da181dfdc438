/**
 * Replays a Dockerfile without a Docker engine, for machines (CI runners, sandboxes) that have none.
 *
 * Each stage gets a clean temporary directory that stands for its filesystem root; WORKDIR, COPY
 * (from the build context, honouring .dockerignore, or `--from` an earlier stage) and RUN (`sh -c` in
 * the WORKDIR) act on it. What the replay cannot do it records instead (USER, `--chown`, EXPOSE,
 * VOLUME, HEALTHCHECK, CMD), for the test to check or run. It is strict on purpose: an instruction,
 * flag or form it does not replay faithfully (ARG, ADD, ENTRYPOINT, SHELL, variable substitution,
 * wildcards, `RUN --mount`, an image as `--from`, …) is an error, not a silent approximation.
 *
 * Known differences from a real build, by design: RUN runs on this machine's Node, npm and sh, as this
 * user, with only PATH, HOME and the variables needed to reach the npm registry from this machine (see
 * `baseEnv`) besides the stage's ENV; the base image contributes nothing (its files are not there, so
 * RUN steps must not use absolute paths, which is checked: they would touch this machine instead).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statfsSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve, sep } from 'node:path';

// ---- parsing ------------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  /** `--name=value` flags before the arguments, in order. */
  flags: Record<string, string>;
  /** The arguments after the flags, as written (continuations joined). */
  args: string;
  /** The exec (JSON) form, when the arguments are a JSON array of strings. */
  json?: string[];
  line: number;
}

export interface Stage {
  index: number;
  name?: string;
  from: string;
  instructions: Instruction[];
}

const KNOWN = new Set(['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'EXPOSE', 'VOLUME', 'HEALTHCHECK', 'CMD', 'LABEL', 'STOPSIGNAL']);

/** Splits a Dockerfile into stages of instructions (comments and parser directives dropped). */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  let current = '';
  let startLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) continue; // comments, also inside a continuation
    if (current === '' && trimmed === '') continue;
    if (current === '') startLine = i + 1;
    if (/\\\s*$/.test(raw)) {
      current += raw.replace(/\\\s*$/, '') + ' ';
      continue;
    }
    current += raw;
    instructions.push(parseInstruction(current.trim(), startLine));
    current = '';
  }
  if (current.trim() !== '') throw new Error(`Dockerfile line ${startLine}: a continuation runs past the end of the file`);

  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile line ${ins.line}: cannot read FROM ${ins.args}`);
      if (Object.keys(ins.flags).length > 0) throw new Error(`Dockerfile line ${ins.line}: FROM flags are not replayed`);
      stages.push({ index: stages.length, from: m[1]!, ...(m[2] ? { name: m[2].toLowerCase() } : {}), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before the first FROM`);
    stage.instructions.push(ins);
  }
  if (stages.length === 0) throw new Error('Dockerfile: no FROM');
  return stages;
}

function parseInstruction(text: string, line: number): Instruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
  const keyword = m[1]!.toUpperCase();
  if (!KNOWN.has(keyword)) throw new Error(`Dockerfile line ${line}: ${keyword} is not replayed (extend test/helpers/dockerfile.ts)`);
  let rest = m[2]!.trim();
  const flags: Record<string, string> = {};
  for (let f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); f; f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags[f[1]!] = f[2] ?? 'true';
    rest = rest.slice(f[0].length);
  }
  const ins: Instruction = { keyword, flags, args: rest, line };
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) ins.json = parsed;
    } catch {
      // the shell form, which happens to start with '['
    }
  }
  return ins;
}

/** Shell-like words: whitespace-separated, with "…" and '…' quoting and backslash escapes. */
export function words(text: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${text}`);
  if (word !== undefined) out.push(word);
  return out;
}

/** ENV in both forms: `K=V K2="v 2"` and the legacy `K some value`. */
export function parseEnv(args: string): Array<[string, string]> {
  const ws = words(args);
  if (ws.length > 0 && !ws[0]!.includes('=')) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(args.trim());
    if (!m) throw new Error(`ENV ${args}: no value`);
    return [[m[1]!, m[2]!]];
  }
  return ws.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new Error(`ENV ${args}: '${w}' is not KEY=value`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

// ---- .dockerignore (moby/patternmatcher semantics) ----------------------------------------------------

interface IgnorePattern {
  exclusion: boolean;
  regexp: RegExp;
  text: string;
}

/** `.dockerignore` rules: the last matching rule wins; a rule matching a parent directory matches its contents. */
export class DockerIgnore {
  readonly patterns: IgnorePattern[];

  constructor(text: string) {
    this.patterns = [];
    for (let line of text.split(/\r?\n/)) {
      line = line.trim();
      if (line === '' || line.startsWith('#')) continue;
      const exclusion = line.startsWith('!');
      if (exclusion) line = line.slice(1).trim();
      let p = posix.normalize(line);
      p = p.replace(/^\/+/, '').replace(/\/+$/, '');
      if (p === '' || p === '.') continue;
      this.patterns.push({ exclusion, regexp: toRegExp(p), text: line });
    }
  }

  static fromContext(context: string): DockerIgnore {
    const file = join(context, '.dockerignore');
    return new DockerIgnore(existsSync(file) ? readFileSync(file, 'utf8') : '');
  }

  /** Whether a path (relative to the context, `/`-separated) is left out of the build context. */
  ignores(path: string): boolean {
    const file = posix.normalize(path).replace(/^\/+/, '');
    const parent = posix.dirname(file);
    const parentDirs = parent === '.' ? [] : parent.split('/');
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.regexp.test(file);
      for (let i = 0; !match && i < parentDirs.length; i++) match = pattern.regexp.test(parentDirs.slice(0, i + 1).join('/'));
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  get hasExceptions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }
}

function toRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]!);
    } else if (c === '[' || c === ']' || c === '-' || c === '^') {
      re += c; // character classes pass through, as in Go's filepath.Match
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`${re}$`);
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// ---- replay --------------------------------------------------------------------------------------

export interface HealthCheck {
  flags: Record<string, string>;
  /** argv to run (the shell form becomes `sh -c …`); undefined for HEALTHCHECK NONE. */
  argv?: string[];
}

export interface StageResult {
  index: number;
  name?: string;
  from: string;
  /** The directory standing for this stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  expose: string[];
  volumes: string[];
  healthcheck?: HealthCheck;
  cmd?: string[];
  labels: string[];
  /** What `COPY --chown` would have owned (the replay cannot chown to users this machine lacks). */
  chowns: Array<{ path: string; owner: string }>;
  /** One line per replayed step, with its duration. */
  log: string[];
}

export interface ReplayOptions {
  /** The build context (the directory `docker build` is given). */
  context: string;
  dockerfile?: string;
  /** Where the stage directories go (default: a new temporary directory, in memory where there is room: see `workspaceParent`). */
  workspace?: string;
  /** Per-RUN time limit, in ms (default 10 minutes). */
  runTimeoutMs?: number;
  onStep?: (line: string) => void;
}

export interface Replay {
  stages: StageResult[];
  final: StageResult;
  workspace: string;
  /** Host path of a path inside a stage. */
  hostPath(stage: StageResult, containerPath: string): string;
  cleanup(): void;
}

/**
 * The environment a replayed process starts from, instead of a base image's: PATH and HOME (the npm
 * cache in ~/.npm makes `npm ci` fast), and what this machine may need to reach the npm registry
 * (proxies, extra CAs, npm's cache/registry/userconfig). Nothing else of this process: in particular
 * not tap's NODE_OPTIONS and TAP_* variables, npm's lifecycle variables, or any INTUNE_MOCK_*.
 * One addition, npm_config_prefer_offline: npm takes what its cache holds without asking the registry
 * whether each entry is still fresh (some 400 HTTPS round trips; `npm ci` took 19 s instead of 15 on a
 * 2-core machine). What is installed does not change: the lockfile pins every package by integrity,
 * and whatever the cache lacks is still fetched.
 */
export function baseEnv(): Record<string, string> {
  const keep = /^(PATH|HOME|TMPDIR|LANG|LC_ALL|TZ|SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|(HTTPS?|NO|ALL)_PROXY|npm_config_(cache|registry|userconfig|strict_ssl|cafile))$/i;
  const out: Record<string, string> = { npm_config_prefer_offline: 'true' };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && keep.test(k)) out[k] = v;
  return out;
}

/**
 * Where a replay's temporary workspace goes: /dev/shm (memory) when it is there with at least 2 GiB free,
 * else the system's temporary directory. A replay of this repository's Dockerfile writes, prunes, copies
 * and finally deletes some 25,000 files (`npm ci` of every dev dependency); on a disk that is most of its
 * system time (30 s of it instead of 11 on a 2-core machine), and nothing of it needs to outlive the test.
 */
export function workspaceParent(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    accessSync('/dev/shm', constants.W_OK);
    if (bavail * bsize >= 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm here (macOS, Windows)
  }
  return tmpdir();
}

export async function replayDockerfile(opts: ReplayOptions): Promise<Replay> {
  const context = resolve(opts.context);
  const dockerfile = opts.dockerfile ?? join(context, 'Dockerfile');
  const stages = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const workspace = opts.workspace ?? mkdtempSync(join(workspaceParent(), 'dockerfile-replay-'));
  try {
    return await replayStages(opts, context, stages, DockerIgnore.fromContext(context), workspace);
  } catch (err) {
    if (!opts.workspace) rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
}

async function replayStages(opts: ReplayOptions, context: string, stages: Stage[], ignore: DockerIgnore, workspace: string): Promise<Replay> {
  const results: StageResult[] = [];
  const hostPath = (stage: StageResult, p: string) => inside(stage.root, p);
  const say = (stage: StageResult, line: string) => {
    stage.log.push(line);
    opts.onStep?.(`[${stage.name ?? stage.index}] ${line}`);
  };

  for (const stage of stages) {
    const root = join(workspace, `stage-${stage.index}${stage.name ? `-${stage.name}` : ''}`);
    mkdirSync(root, { recursive: true });
    const result: StageResult = { index: stage.index, from: stage.from, root, workdir: '/', env: {}, expose: [], volumes: [], labels: [], chowns: [], log: [], ...(stage.name ? { name: stage.name } : {}) };
    const base = findStage(results, stage.from);
    if (base) {
      // FROM an earlier stage: start from a copy of it.
      copyTree(base.root, root, () => false);
      Object.assign(result, { workdir: base.workdir, env: { ...base.env }, ...(base.user ? { user: base.user } : {}), expose: [...base.expose], volumes: [...base.volumes] });
      if (base.healthcheck) result.healthcheck = base.healthcheck;
      if (base.cmd) result.cmd = base.cmd;
    }
    say(result, `FROM ${stage.from}${stage.name ? ` AS ${stage.name}` : ''} → ${root}`);

    for (const ins of stage.instructions) {
      const where = `Dockerfile line ${ins.line}`;
      if (ins.keyword !== 'RUN' && ins.keyword !== 'HEALTHCHECK' && ins.keyword !== 'CMD' && ins.args.includes('$')) {
        throw new Error(`${where}: variable substitution in ${ins.keyword} is not replayed`);
      }
      const started = Date.now();
      switch (ins.keyword) {
        case 'WORKDIR': {
          result.workdir = posix.resolve(result.workdir, ins.args.trim());
          mkdirSync(hostPath(result, result.workdir), { recursive: true });
          break;
        }
        case 'ENV':
          for (const [k, v] of parseEnv(ins.args)) result.env[k] = v;
          break;
        case 'USER':
          result.user = ins.args.trim();
          break;
        case 'EXPOSE':
          result.expose.push(...words(ins.args));
          break;
        case 'VOLUME':
          result.volumes.push(...(ins.json ?? words(ins.args)));
          break;
        case 'LABEL':
          result.labels.push(ins.args);
          break;
        case 'STOPSIGNAL':
          break;
        case 'CMD':
          result.cmd = ins.json ?? ['/bin/sh', '-c', ins.args];
          break;
        case 'HEALTHCHECK': {
          if (/^NONE$/i.test(ins.args.trim())) {
            result.healthcheck = { flags: ins.flags };
            break;
          }
          const m = /^CMD\s+([\s\S]*)$/i.exec(ins.args);
          if (!m) throw new Error(`${where}: HEALTHCHECK without CMD`);
          const body = parseInstruction(`CMD ${m[1]}`, ins.line);
          result.healthcheck = { flags: ins.flags, argv: body.json ?? ['/bin/sh', '-c', body.args] };
          break;
        }
        case 'RUN':
          await run(result, ins, opts);
          break;
        case 'COPY':
          copy(result, ins, { context, ignore, results });
          break;
      }
      const flags = Object.entries(ins.flags).map(([k, v]) => `--${k}=${v} `).join('');
      const took = ins.keyword === 'RUN' || ins.keyword === 'COPY' ? ` (${Date.now() - started} ms)` : '';
      say(result, `${ins.keyword} ${flags}${ins.args.replace(/\s+/g, ' ')}${took}`);
    }
    results.push(result);
  }

  return {
    stages: results,
    final: results.at(-1)!,
    workspace,
    hostPath,
    cleanup: () => rmSync(workspace, { recursive: true, force: true }),
  };

  async function run(stage: StageResult, ins: Instruction, o: ReplayOptions): Promise<void> {
    if (Object.keys(ins.flags).length > 0) throw new Error(`Dockerfile line ${ins.line}: RUN flags (${Object.keys(ins.flags).join(', ')}) are not replayed`);
    const argv = ins.json ?? ['sh', '-c', ins.args];
    const script = ins.json ? ins.json.join(' ') : ins.args;
    for (const word of words(script.replace(/[;&|()<>]+/g, ' '))) {
      if (word.startsWith('/') && word !== '/dev/null') {
        throw new Error(`Dockerfile line ${ins.line}: RUN uses the absolute path ${word}; replayed here it would act on this machine, not the stage. Work relative to WORKDIR.`);
      }
    }
    const cwd = hostPath(stage, stage.workdir);
    mkdirSync(cwd, { recursive: true });
    const { code, output } = await exec(argv, { cwd, env: { ...baseEnv(), ...stage.env }, timeoutMs: o.runTimeoutMs ?? 600_000 });
    if (code !== 0) throw new Error(`Dockerfile line ${ins.line}: RUN ${argv.at(-1)} exited with ${code}:\n${output.slice(-4000)}`);
  }
}

function findStage(results: StageResult[], ref: string): StageResult | undefined {
  const lower = ref.toLowerCase();
  return results.find((s) => s.name === lower) ?? (/^\d+$/.test(ref) ? results[Number(ref)] : undefined);
}

/** A path inside `root` for an absolute path of the stage; refuses to leave the root. */
function inside(root: string, containerPath: string): string {
  const p = join(root, posix.resolve('/', containerPath));
  if (p !== root && !p.startsWith(root + sep)) throw new Error(`${containerPath} leaves the stage root`);
  return p;
}

function copy(stage: StageResult, ins: Instruction, ctx: { context: string; ignore: DockerIgnore; results: StageResult[] }): void {
  const where = `Dockerfile line ${ins.line}`;
  for (const flag of Object.keys(ins.flags)) if (!['from', 'chown', 'link'].includes(flag)) throw new Error(`${where}: COPY --${flag} is not replayed`);
  const parts = ins.json ?? words(ins.args);
  if (parts.length < 2) throw new Error(`${where}: COPY needs a source and a destination`);
  const sources = parts.slice(0, -1);
  const dest = parts.at(-1)!;
  const destDir = dest.endsWith('/') || dest === '.';
  if (sources.length > 1 && !destDir) throw new Error(`${where}: with several sources the destination must be a directory ending in /`);
  const destPath = posix.resolve(stage.workdir, dest);
  const destHost = inside(stage.root, destPath);

  let from: StageResult | undefined;
  if (ins.flags.from !== undefined) {
    from = findStage(ctx.results, ins.flags.from);
    if (!from) throw new Error(`${where}: COPY --from=${ins.flags.from} names no earlier stage (images are not replayed)`);
  }

  for (const src of sources) {
    if (/[*?[]/.test(src)) throw new Error(`${where}: wildcards in COPY sources are not replayed (${src})`);
    let srcHost: string;
    let filter: (relativeToContext: string) => boolean = () => false;
    let rel = '';
    if (from) {
      srcHost = inside(from.root, src);
    } else {
      rel = posix.normalize(src).replace(/^\/+/, '').replace(/\/+$/, '');
      if (rel.startsWith('..')) throw new Error(`${where}: ${src} is outside the build context`);
      srcHost = rel === '' || rel === '.' ? ctx.context : join(ctx.context, rel);
      if (rel !== '' && rel !== '.' && ctx.ignore.ignores(rel)) {
        throw new Error(`${where}: COPY ${src}: not found in the build context (left out by .dockerignore)`);
      }
      filter = (r) => ctx.ignore.ignores(r);
    }
    let st;
    try {
      st = statSync(srcHost);
    } catch {
      throw new Error(`${where}: COPY ${src}: not found ${from ? `in stage ${from.name ?? from.index}` : 'in the build context'}`);
    }
    let target: string;
    if (st.isDirectory()) {
      target = destHost;
      mkdirSync(target, { recursive: true });
      copyTree(srcHost, target, (r) => filter(posix.join(rel === '.' ? '' : rel, r)), !from && ctx.ignore.hasExceptions);
    } else {
      target = destDir || (existsSync(destHost) && statSync(destHost).isDirectory()) ? join(destHost, posix.basename(src)) : destHost;
      mkdirSync(join(target, '..'), { recursive: true });
      copyFileSync(srcHost, target);
    }
    if (ins.flags.chown) stage.chowns.push({ path: '/' + relative(stage.root, target).split(sep).join('/'), owner: ins.flags.chown });
  }
}

/**
 * Copies the contents of `src` into `dest`, symlinks as symlinks (node_modules/.bin), leaving out what
 * `skip` names (paths relative to `src`). `walkSkipped` descends into skipped directories, for
 * .dockerignore exceptions (`!pattern`) below them.
 */
function copyTree(src: string, dest: string, skip: (rel: string) => boolean, walkSkipped = false, rel = ''): void {
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    const from = join(src, entry.name);
    const to = join(dest, entry.name);
    const skipped = skip(r);
    if (entry.isDirectory()) {
      if (skipped && !walkSkipped) continue;
      if (!skipped) mkdirSync(to, { recursive: true });
      copyTree(from, to, skip, walkSkipped, r);
    } else if (!skipped) {
      mkdirSync(dest, { recursive: true });
      if (entry.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else if (lstatSync(from).isFile()) copyFileSync(from, to);
    }
  }
}

/**
 * `spawn` arguments that run `argv` with exactly the NODE_OPTIONS and NODE_V8_COVERAGE of `env` (none if
 * it has none). `env` alone cannot promise that: under tap, @tapjs/processinfo patches spawn and adds its
 * loader to every child's NODE_OPTIONS, and Node itself passes NODE_V8_COVERAGE on to every child, so
 * npm, tsc and the mock in a replayed stage would run with tap's loader and, under `npm test`, collect
 * coverage c8 then has to read (both slower, and neither is the image's environment). env(1) execs
 * `argv` in the same process with those two as the stage has them.
 */
export function inStageEnv(argv: readonly string[], env: Record<string, string>): [string, string[]] {
  const vars = ['NODE_OPTIONS', 'NODE_V8_COVERAGE'].flatMap((k) => (env[k] === undefined ? ['-u', k] : [`${k}=${env[k]}`]));
  return ['env', [...vars, ...argv]];
}

export function exec(argv: string[], o: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(...inStageEnv(argv, o.env), { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b));
    child.stderr.on('data', (b: Buffer) => (output += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}
