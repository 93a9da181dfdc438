/**
 * The README's fenced code blocks, with the section each is under and the `readme-test` marker before it
 * (the conventions: test/readme/README.md). Pure: no processes, no files but the one read.
 */
import { readFileSync } from 'node:fs';

export const README_PATH = new URL('../../README.md', import.meta.url);

export type Marker =
  | { kind: 'run'; mock?: string }
  | { kind: 'file'; name: string }
  | { kind: 'serve' }
  | { kind: 'skip'; reason: string };

export interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word, lower-cased (`sh`, `ts`, `json`, ...; '' for none). */
  lang: string;
  code: string;
  /** The nearest heading above the block. */
  section: string;
  /** The marker, or the problem with it (absent, malformed). */
  marker: Marker | { kind: 'invalid'; problem: string };
}

const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;

export function parseMarker(text: string): Marker | { kind: 'invalid'; problem: string } {
  const m = MARKER.exec(text.trim());
  if (!m) return { kind: 'invalid', problem: 'no `<!-- readme-test: … -->` marker on the line before the block' };
  const body = m[1]!;
  let r: RegExpExecArray | null;
  if ((r = /^run(?:\s+mock(?:="([^"]*)")?)?$/.exec(body))) {
    return body.includes('mock') ? { kind: 'run', mock: r[1] ?? '' } : { kind: 'run' };
  }
  if ((r = /^file\s+([\w.-]+)$/.exec(body))) return { kind: 'file', name: r[1]! };
  if (body === 'serve') return { kind: 'serve' };
  if ((r = /^skip\s+\((.+)\)$/.exec(body))) return { kind: 'skip', reason: r[1]! };
  return { kind: 'invalid', problem: `unknown marker "${body}": run [mock[="flags"]], file <name>, serve or skip (<reason>)` };
}

export function readmeBlocks(text = readFileSync(README_PATH, 'utf8')): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let section = '(top)';
  for (let i = 0; i < lines.length; i++) {
    // A fence at any indentation (a block in a list item counts too); its indentation is not the code's.
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) {
      const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]!);
      if (heading) section = heading[1]!.trim();
      continue;
    }
    const [, indent, fence] = open as unknown as [string, string, string];
    let end = i + 1;
    const closes = (l: string) => l.trim().startsWith(fence) && new RegExp(`^\\s*\\${fence[0]}+\\s*$`).test(l);
    while (end < lines.length && !closes(lines[end]!)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    blocks.push({
      line: i + 1,
      lang: open[3]!.toLowerCase(),
      code: lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n') + '\n',
      section,
      marker: parseMarker(before >= 0 ? lines[before]! : ''),
    });
    i = end;
  }
  return blocks;
}

/**
 * Shell, the languages a `run` block may be in, and how each is run (from the section's shell). A `ts`
 * block is saved as written and compiled to JavaScript first, as tsx would compile it on the fly (esbuild,
 * each file alone, types stripped; a source map back to the `.ts`), then run by plain node: `node --import
 * tsx` spent about 1.5 s of CPU per block on tsx's loader thread resolving every module the program loads.
 */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);
export const PROGRAM_LANGS: Record<string, { ext: string; compile?: 'ts'; command: (file: string) => string }> = {
  js: { ext: 'mjs', command: (f) => `node ${f}` },
  mjs: { ext: 'mjs', command: (f) => `node ${f}` },
  ts: { ext: 'ts', compile: 'ts', command: (f) => `node --enable-source-maps ${compiledName(f)}` },
  python: { ext: 'py', command: (f) => `python3 ${f}` },
  py: { ext: 'py', command: (f) => `python3 ${f}` },
};

/** Where a compiled block's JavaScript goes: `readme-927.ts` → `readme-927.mjs`. */
export const compiledName = (file: string) => file.replace(/\.ts$/, '.mjs');

/**
 * What the README says a block prints, from its comments (`#` in shell and Python, `//` in JS and TS): a
 * comment that is a JSON document must be printed exactly (`jq -c` output, `JSON.stringify`); otherwise
 * every double-quoted string and every `HTTP 204`-style status in it must be printed.
 */
export function expectedOutputs(code: string, lang = 'sh'): string[] {
  const mark = PROGRAM_LANGS[lang] && !['python', 'py'].includes(lang) ? '//' : '#';
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const at = line.trim().startsWith(mark) ? line.indexOf(mark) : line.indexOf(` ${mark} `);
    if (at < 0) continue;
    const comment = line.slice(at).trim().slice(mark.length).trim();
    try {
      if (/^[{[]/.test(comment)) {
        JSON.parse(comment);
        out.push(comment);
        continue;
      }
    } catch { /* prose */ }
    for (const m of comment.matchAll(/"[^"]*"|HTTP[/\d.]* \d{3}/g)) out.push(m[0]);
  }
  return out;
}

/** The README's hard-coded ports, pointed at the mock the harness started (the only rewrite it makes). */
export function pointAt(code: string, ports: { http: number; https: number; proxy?: number | undefined }): string {
  // 8888: the proxy port of a mock started with `--proxy-port 8888` (docs/proxy.md), when it has one.
  return code.replace(/\b(127\.0\.0\.1|localhost):(8080|8443|8888)\b/g, (whole, host: string, port: string) =>
    port === '8888' ? (ports.proxy === undefined ? whole : `${host}:${ports.proxy}`) : `${host}:${port === '8080' ? ports.http : ports.https}`);
}
