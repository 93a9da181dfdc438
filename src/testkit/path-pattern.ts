/**
 * Path patterns of fault rules and of the journal's `?path=` filter (README, "Faults"): `*` matches within a
 * segment, `**` across segments, case-insensitive, against the whole path (a trailing `/` on the path is
 * ignored).
 *
 * WHY not a RegExp: `**` became `.*`, and V8's backtracking engine takes time polynomial in the path with a
 * degree that grows with the number of stars — `/**` nine times against a long path froze the process for
 * over a minute. This runs the pattern as an NFA over the path instead (Thompson's simulation,
 * https://swtch.com/~rsc/regexp/regexp1.html): every character of the path is looked at once, against all
 * pattern positions at once (32 to a machine word), so the time is O(path × pattern / 32) whatever the
 * pattern; and a pattern is at most MAX_PATTERN_LENGTH characters.
 */

/** How long a pattern may be (a fault rule's `path`, the journal's `?path=`): far longer than any Graph path. */
export const MAX_PATTERN_LENGTH = 512;

/** `*`: any characters but `/`. */
const STAR = -1;
/** `**`: any characters. */
const GLOBSTAR = -2;
const SLASH = 47;

/** The pattern as tokens: a character code (lowercased), STAR or GLOBSTAR, runs of stars merged. */
function compile(pattern: string): number[] {
  const tokens: number[] = [];
  const lower = pattern.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    let token = lower.charCodeAt(i);
    if (token === 42 /* '*' */) {
      token = lower.charCodeAt(i + 1) === 42 ? GLOBSTAR : STAR;
      if (token === GLOBSTAR) i++;
      const last = tokens[tokens.length - 1];
      // `[^/]*[^/]*` is `[^/]*`, and `.*` next to `[^/]*` (either side) is `.*`: merged, as they match the same.
      if (last === STAR || last === GLOBSTAR) {
        tokens[tokens.length - 1] = last === GLOBSTAR || token === GLOBSTAR ? GLOBSTAR : STAR;
        continue;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

/**
 * The NFA's states as bits (bit i: the pattern matched up to token i), advanced a word of 32 states at a
 * time: per path character a few passes over ⌈(tokens + 1) / 32⌉ words.
 */
class Automaton {
  readonly words: number;
  /** Per character code: the bits of the tokens that are that character. */
  readonly literal = new Map<number, Uint32Array>();
  /** Tokens that stay on any character: `**`. */
  readonly globstar: Uint32Array;
  /** Tokens that stay on any character but `/`: `*` and `**`; also the stars a state can skip. */
  readonly star: Uint32Array;
  readonly accept: number;

  constructor(tokens: number[]) {
    this.words = Math.ceil((tokens.length + 1) / 32);
    this.globstar = new Uint32Array(this.words);
    this.star = new Uint32Array(this.words);
    tokens.forEach((token, i) => {
      const [w, bit] = [i >>> 5, 1 << (i & 31)];
      if (token === GLOBSTAR) this.globstar[w]! |= bit;
      if (token < 0) this.star[w]! |= bit;
      else {
        let mask = this.literal.get(token);
        if (!mask) this.literal.set(token, (mask = new Uint32Array(this.words)));
        mask[w]! |= bit;
      }
    });
    this.accept = tokens.length;
  }

  /** Adds state i + 1 for each state i on a star (a star can match nothing; runs of stars are merged). */
  close(states: Uint32Array): void {
    let carry = 0;
    for (let w = 0; w < this.words; w++) {
      const skip = states[w]! & this.star[w]!;
      states[w] = states[w]! | (skip << 1) | carry;
      carry = skip >>> 31;
    }
  }

  matches(text: string): boolean {
    let current = new Uint32Array(this.words);
    let next = new Uint32Array(this.words);
    current[0] = 1;
    this.close(current);
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      const literal = this.literal.get(c);
      const stay = c === SLASH ? this.globstar : this.star;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < this.words; w++) {
        const moved = literal ? current[w]! & literal[w]! : 0;
        next[w] = (moved << 1) | carry | (current[w]! & stay[w]!);
        carry = moved >>> 31;
        alive |= next[w]!;
      }
      if (alive === 0) return false;
      this.close(next);
      [current, next] = [next, current];
    }
    return (current[this.accept >>> 5]! & (1 << (this.accept & 31))) !== 0;
  }
}

/** A matcher for one pattern; compile once, match many paths. */
export function pathPattern(pattern: string): (path: string) => boolean {
  const automaton = new Automaton(compile(pattern));
  return (path) => {
    const text = path.toLowerCase();
    return automaton.matches(text) || (text.endsWith('/') && automaton.matches(text.slice(0, -1)));
  };
}
