/**
 * Reading a large JSON document (a 100,000-device fixture is over 200 MB) without holding its whole text and
 * the parsed document at once: `JSON.parse` of the file's text needs both, which was the peak of a start
 * (docs/reliability.md#memory). The file is read in 1 MiB chunks; the elements of an array that is a property
 * of the top-level object (`devices`, `users`, …) are parsed chunk by chunk, the complete elements of each
 * chunk in one `JSON.parse` of `[` + their text + `]` (one parse per element cost a start a second more: 100,000
 * small parses and their buffers), and the rest (the top-level object with those arrays left out) is parsed at
 * the end. The scanner only tracks strings, escapes and depth; JSON.parse judges the rest. The result is what
 * `JSON.parse` gives. Anything this reading does not expect, or any text that is not JSON, is read again whole
 * with `JSON.parse`, so that the error is JSON.parse's own.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const CHUNK = 1 << 20;
/** Files up to this size are read whole: their text and parsed document at once cost little. */
const WHOLE_UP_TO_BYTES = 4 * CHUNK;
const isBlank = (text: string) => text.trim() === '';

class NotSplittable extends Error {}

/** How many backslashes come right before `at`, back to `from` at most. */
function backslashesBefore(buf: Buffer, at: number, from: number): number {
  let n = 0;
  for (let k = at - 1; k >= from && buf[k] === BACKSLASH; k--) n++;
  return n;
}

/** A document read from a file, and the SHA-256 of the bytes it was read from (hex). */
export interface JsonFileRead {
  value: unknown;
  sha256: string;
}

/** Reads and parses `file` as `JSON.parse(await readFile(file, 'utf8'))` does, in less memory. */
export async function readJsonFile(file: string): Promise<unknown> {
  return (await readJsonFileHashed(file)).value;
}

/** `readJsonFile`, with the digest of the bytes read (the same pass: about 150 ms for 230 MB). */
export async function readJsonFileHashed(file: string): Promise<JsonFileRead> {
  // A small file (the bundled default fleet: 41 KB) in one read and one JSON.parse: the chunked scanner, in
  // JavaScript, cost a start 25–35 ms for it; its memory saving only matters for large files.
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= WHOLE_UP_TO_BYTES) {
      const bytes = await handle.readFile();
      return { value: JSON.parse(bytes.toString('utf8')), sha256: createHash('sha256').update(bytes).digest('hex') };
    }
  } finally {
    await handle.close();
  }
  const splitter = new Splitter();
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) splitter.push(chunk as Buffer);
    return { value: splitter.end(), sha256: splitter.digest() };
  } catch (err) {
    if (!(err instanceof NotSplittable)) throw err;
    // Not JSON (or not a shape this reading splits): JSON.parse says what is wrong, in its own words.
    const bytes = await readFile(file);
    return { value: JSON.parse(bytes.toString('utf8')), sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}

/**
 * `readJsonFileHashed` without yielding to the event loop: for a caller inside a synchronous unit of work
 * (a tenant made again from its seed file, docs/scaling.md#the-seed-fleet), which holds the loop anyway.
 */
export function readJsonFileHashedSync(file: string): JsonFileRead {
  const splitter = new Splitter();
  try {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        // A new buffer each time: the splitter keeps views of an unfinished element across chunks.
        const buf = Buffer.allocUnsafe(CHUNK);
        const n = readSync(fd, buf, 0, CHUNK, null);
        if (n === 0) break;
        splitter.push(buf.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
    return { value: splitter.end(), sha256: splitter.digest() };
  } catch (err) {
    if (!(err instanceof NotSplittable)) throw err;
    const bytes = readFileSync(file);
    return { value: JSON.parse(bytes.toString('utf8')), sha256: createHash('sha256').update(bytes).digest('hex') };
  }
}

/** Bytes gathered across chunks. */
class Pieces {
  private parts: Buffer[] = [];
  add(buf: Buffer, from: number, to: number): void {
    if (to > from) this.parts.push(buf.subarray(from, to));
  }
  take(): string {
    const text = this.parts.length === 1 ? this.parts[0]!.toString('utf8') : Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotSplittable();
  }
};

/** The scanner, fed the file's chunks in order. */
class Splitter {
  private readonly hash: Hash = createHash('sha256');
  private readonly skeleton = new Pieces(); // the top-level object, each split array written as `[]`
  private readonly run = new Pieces(); // the elements of the split array not parsed yet
  private readonly arrays = new Map<string, unknown[]>(); // by the key they are the value of
  private depth = 0;
  private inString = false;
  private escaped = false;
  // At depth 1: where the key being read starts in this chunk (-1: none), its text, the last key, whether a key comes next.
  private keyStart = -1;
  private readonly keyText = new Pieces();
  private lastKey: string | undefined;
  private expectKey = false;
  // Inside a split array (its elements are at depth 2 and deeper).
  private splitting: unknown[] | undefined;
  private runEndsAtComma = false; // the elements parsed so far ended at a comma (so one more must follow)

  /** Parses the gathered elements (their text ends before a comma or the array's `]`) into the array. */
  private parseRun(atComma: boolean): void {
    const text = this.run.take();
    if (isBlank(text)) {
      // `[,` or `,,` (blank before a comma), or `,]`: not JSON; `[]` and `[ ]` are.
      if (atComma || this.runEndsAtComma) throw new NotSplittable();
    } else {
      const values = parse(`[${text}]`) as unknown[];
      for (const v of values) this.splitting!.push(v);
    }
    this.runEndsAtComma = atComma;
  }

  push(buf: Buffer): void {
    this.hash.update(buf);
    let from = 0; // start of the bytes of this chunk not yet given to skeleton or run
    let lastComma = -1; // the last comma between elements of the split array in this chunk
    if (this.keyStart >= 0) this.keyStart = 0;
    for (let i = 0; i < buf.length; i++) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false; // this byte is escaped (the backslash ended the previous chunk)
          continue;
        }
        // Most of the text is in strings: the closing quote is found by indexOf, not byte by byte (a quote
        // after an odd number of backslashes is escaped).
        let j = buf.indexOf(QUOTE, i);
        while (j !== -1 && backslashesBefore(buf, j, i) % 2 === 1) j = buf.indexOf(QUOTE, j + 1);
        if (j === -1) {
          this.escaped = backslashesBefore(buf, buf.length, i) % 2 === 1;
          i = buf.length - 1;
          continue;
        }
        i = j;
        this.inString = false;
        if (this.keyStart >= 0) {
          this.keyText.add(buf, this.keyStart, i + 1);
          this.lastKey = parse(this.keyText.take()) as string;
          this.keyStart = -1;
        }
        continue;
      }
      const b = buf[i]!;
      if (this.splitting && this.depth >= 2) {
        // Within the elements of a split array.
        if (b === QUOTE) this.inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.depth++;
        else if (this.depth > 2) {
          if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) this.depth--;
        } else if (b === COMMA) lastComma = i;
        else if (b === CLOSE_ARRAY) {
          // The array's end: its last elements, then the `]` goes to the skeleton, after its `[`.
          if (lastComma >= 0) {
            this.run.add(buf, from, lastComma);
            this.parseRun(true);
            from = lastComma + 1;
            lastComma = -1;
          }
          this.run.add(buf, from, i);
          this.parseRun(false);
          from = i;
          this.depth = 1;
          this.splitting = undefined;
        } else if (b === CLOSE_OBJECT) throw new NotSplittable();
        continue;
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.keyStart = i;
          this.expectKey = false;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        this.depth++;
        if (this.depth === 1 && b === OPEN_ARRAY) throw new NotSplittable(); // a top-level array: read whole
        if (this.depth === 1) this.expectKey = true;
        if (this.depth === 2 && b === OPEN_ARRAY) {
          if (this.lastKey === undefined) throw new NotSplittable();
          this.splitting = [];
          this.arrays.set(this.lastKey, this.splitting);
          this.skeleton.add(buf, from, i + 1);
          from = i + 1;
          lastComma = -1;
          this.runEndsAtComma = false;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        this.depth--;
      } else if (this.depth === 1 && b === COMMA) this.expectKey = true;
      else if (this.depth === 1 && b === COLON) this.expectKey = false;
    }
    if (this.splitting && this.depth >= 2) {
      // The chunk's complete elements (up to its last comma between elements) parsed now; the rest waits.
      if (lastComma >= 0) {
        this.run.add(buf, from, lastComma);
        this.parseRun(true);
        from = lastComma + 1;
      }
      this.run.add(buf, from, buf.length);
    } else this.skeleton.add(buf, from, buf.length);
    if (this.keyStart >= 0) this.keyText.add(buf, this.keyStart, buf.length);
  }

  end(): unknown {
    const top = parse(this.skeleton.take());
    if (typeof top !== 'object' || top === null || Array.isArray(top)) throw new NotSplittable();
    for (const [key, list] of this.arrays) {
      const record = top as Record<string, unknown>;
      if (!Array.isArray(record[key]) || (record[key] as unknown[]).length !== 0) throw new NotSplittable();
      Object.defineProperty(record, key, { value: list, writable: true, enumerable: true, configurable: true }); // `__proto__` too, as JSON.parse makes it
    }
    return top;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
