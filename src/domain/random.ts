/**
 * Seedable randomness for the emulated world (generated passcodes, generated devices): with a seed a
 * run is repeatable; without one it is seeded from the system's randomness. sfc32, a small fast PRNG
 * with a 128-bit state (PractRand-clean); not for secrets, which the mock has none of.
 */
import { randomBytes } from 'node:crypto';

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `length` decimal digits. */
  digits(length: number): string;
  /** A random (v4-shaped) GUID, lowercase. */
  uuid(): string;
}

export function createRandom(seed?: string | number): Random {
  const state = seed === undefined ? Array.from(randomBytes(16)) : seedState(String(seed));
  let a = word(state, 0), b = word(state, 4), c = word(state, 8), d = word(state, 12);
  const next32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  const next = () => next32() / 4294967296;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    digits: (length) => Array.from({ length }, () => String(int(0, 9))).join(''),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}

/** 16 bytes from a string seed (FNV-1a over four lanes), so "42" and 42 give the same stream. */
function seedState(seed: string): number[] {
  const out: number[] = [];
  for (let lane = 0; lane < 4; lane++) {
    let h = 0x811c9dc5 ^ lane;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff);
  }
  return out;
}

function word(bytes: number[], at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}
