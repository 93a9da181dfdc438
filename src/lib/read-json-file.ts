/**
 * Reading a large JSON document (a 100,000-device fixture is over 200 MB) without holding its whole text and
 * the parsed document at once: `JSON.parse` of the file's text needs both, which was the peak of a start
 * (docs/reliability.md#memory). The file is read in chunks; every element of an array that is a property of
 * the top-level object (`devices`, `users`, …) is parsed on its own as soon as it is complete, and the rest
 * (the top-level object with those arrays left out) is parsed at the end. The result is what `JSON.parse`
 * gives. Anything this reading does not expect, or any text that is not JSON, is read again whole with
 * `JSON.parse`, so that the error is JSON.parse's own.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

class NotSplittable extends Error {}

/** How many backslashes come right before `at`, back to `from` at most. */
function backslashesBefore(buf: Buffer, at: number, from: number): number {
  let n = 0;
  for (let k = at - 1; k >= from && buf[k] === BACKSLASH; k--) n++;
  return n;
}

/** Reads and parses `file` as `JSON.parse(await readFile(file, 'utf8'))` does, in less memory. */
export async function readJsonFile(file: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await readSplit(file);
  } catch (err) {
    if (!(err instanceof NotSplittable)) throw err;
    // Not JSON (or not a shape this reading splits): JSON.parse says what is wrong, in its own words.
    return JSON.parse(await readFile(file, 'utf8'));
  }
  return value;
}

/** Bytes gathered across chunks. */
class Pieces {
  private parts: Buffer[] = [];
  add(buf: Buffer, from: number, to: number): void {
    if (to > from) this.parts.push(buf.subarray(from, to));
  }
  take(): string {
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    return text;
  }
}

async function readSplit(file: string): Promise<unknown> {
  const skeleton = new Pieces(); // the top-level object, each split array written as `[]`
  const element = new Pieces();
  const arrays = new Map<string, unknown[]>(); // by the key they are the value of
  let depth = 0;
  let inString = false;
  let escaped = false;
  // At depth 1: the key just read (raw JSON string) and whether the next token is a key.
  let keyStart = -1;
  const keyText = new Pieces();
  let lastKey: string | undefined;
  let expectKey = false;
  // Inside a split array (its elements are at depth 2 and deeper).
  let splitting: unknown[] | undefined;
  let elementOpen = false; // bytes of an element are being gathered
  let sawComma = false;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new NotSplittable();
    }
  };
  const endElement = () => {
    const text = element.take();
    if (text.trim() === '') throw new NotSplittable(); // `[,` or `,]`: not JSON
    splitting!.push(parse(text));
    elementOpen = false;
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    let from = 0; // start of the bytes of this chunk not yet given to skeleton or element
    if (keyStart >= 0) keyStart = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (inString) {
        if (escaped) {
          escaped = false; // this byte is escaped (the backslash ended the previous chunk)
          continue;
        }
        // Most of the text is in strings: the closing quote is found by indexOf, not byte by byte (a quote
        // after an odd number of backslashes is escaped).
        let j = buf.indexOf(QUOTE, i);
        while (j !== -1 && backslashesBefore(buf, j, i) % 2 === 1) j = buf.indexOf(QUOTE, j + 1);
        if (j === -1) {
          escaped = backslashesBefore(buf, buf.length, i) % 2 === 1;
          i = buf.length - 1;
          continue;
        }
        i = j;
        inString = false;
        if (keyStart >= 0) {
          keyText.add(buf, keyStart, i + 1);
          lastKey = parse(keyText.take()) as string;
          keyStart = -1;
        }
        continue;
      }
      if (splitting && depth >= 2) {
        // Within an element of a split array.
        if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
        else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && depth > 2) depth--;
        else if (depth === 2 && (b === COMMA || b === CLOSE_ARRAY)) {
          element.add(buf, from, i);
          if (elementOpen || b === COMMA || sawComma) endElement();
          sawComma = b === COMMA;
          from = i + 1;
          if (b === CLOSE_ARRAY) {
            depth = 1;
            splitting = undefined;
            from = i; // the `]` goes to the skeleton, after its `[`
          }
          continue;
        } else if (depth === 2 && (b === CLOSE_OBJECT)) throw new NotSplittable();
        if (depth >= 2 && !isSpace(b)) elementOpen = true;
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        if (depth === 1 && expectKey) {
          keyStart = i;
          expectKey = false;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth++;
        if (depth === 1 && b === OPEN_ARRAY) throw new NotSplittable(); // a top-level array: read whole
        if (depth === 1) expectKey = true;
        if (depth === 2 && b === OPEN_ARRAY) {
          if (lastKey === undefined) throw new NotSplittable();
          splitting = [];
          arrays.set(lastKey, splitting);
          skeleton.add(buf, from, i + 1);
          from = i + 1;
          elementOpen = false;
          sawComma = false;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
      } else if (depth === 1 && b === COMMA) expectKey = true;
      else if (depth === 1 && b === COLON) expectKey = false;
    }
    if (splitting && depth >= 2) element.add(buf, from, buf.length);
    else skeleton.add(buf, from, buf.length);
    if (keyStart >= 0) keyText.add(buf, keyStart, buf.length);
  }
  const top = parse(skeleton.take());
  if (typeof top !== 'object' || top === null || Array.isArray(top)) throw new NotSplittable();
  for (const [key, list] of arrays) {
    const record = top as Record<string, unknown>;
    if (!Array.isArray(record[key]) || (record[key] as unknown[]).length !== 0) throw new NotSplittable();
    Object.defineProperty(record, key, { value: list, writable: true, enumerable: true, configurable: true }); // `__proto__` too, as JSON.parse makes it
  }
  return top;
}
