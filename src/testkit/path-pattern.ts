/**
 * Path patterns of fault rules and of the journal's `?path=` filter (README, "Faults"): `*` matches within a
 * segment, `**` across segments, case-insensitive, against the whole path (a trailing `/` on the path is
 * ignored).
 *
 * WHY not a RegExp: `**` became `.*`, and V8's backtracking engine takes time polynomial in the path with a
 * degree that grows with the number of stars — `/**` nine times against a long path froze the process for
 * over a minute. This runs the pattern as an NFA over the path instead (Thompson's simulation,
 * https://swtch.com/~rsc/regexp/regexp1.html): every character of the path is looked at once, against each
 * pattern position at most once, so the time is O(path × pattern) whatever the pattern.
 */

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

/** A star can match nothing: a state on one also stands on the token after it (states only move forward). */
function close(tokens: number[], states: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) if (states[i] && tokens[i]! < 0) states[i + 1] = 1;
}

function matchesTokens(tokens: number[], text: string): boolean {
  const m = tokens.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  current[0] = 1;
  close(tokens, current);
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    next.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (!current[i]) continue;
      const token = tokens[i]!;
      if (token === GLOBSTAR || (token === STAR && c !== SLASH)) next[i] = 1;
      else if (token === c) next[i + 1] = 1;
      else continue;
      alive = true;
    }
    if (!alive) return false;
    close(tokens, next);
    [current, next] = [next, current];
  }
  return current[m] === 1;
}

/** A matcher for one pattern; compile once, match many paths. */
export function pathPattern(pattern: string): (path: string) => boolean {
  const tokens = compile(pattern);
  return (path) => {
    const text = path.toLowerCase();
    return matchesTokens(tokens, text) || (text.endsWith('/') && matchesTokens(tokens, text.slice(0, -1)));
  };
}
