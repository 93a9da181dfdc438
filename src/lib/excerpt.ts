/**
 * A client's value quoted in an error message, bounded: JSON text cut at `max` characters (then `…`). WHY:
 * `JSON.stringify` of a body nested thousands deep overflows the stack (a 500 instead of the 400), and a
 * 4 MiB value has no place in a message. Serialises only as far as the budget goes, so the recursion is
 * at most `max` levels deep whatever the value.
 */
export const MAX_QUOTED_LENGTH = 200;

export interface ExcerptOptions {
  /** Levels of arrays and objects written; deeper, the text ends there with `…`. Default: `max`. */
  maxDepth?: number;
  /** Replaces a member's value (e.g. a secret), as `JSON.stringify`'s replacer does. */
  replace?: (key: string, value: unknown) => unknown;
}

export function excerpt(value: unknown, max = MAX_QUOTED_LENGTH, opts: ExcerptOptions = {}): string {
  const maxDepth = opts.maxDepth ?? max;
  let out = '';
  /** False once the budget is spent: the caller stops. */
  const write = (v: unknown, depth = 0): boolean => {
    if (out.length > max) return false;
    if (typeof v === 'object' && v !== null && depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out += ',';
        if (!write(v[i], depth + 1)) return false;
      }
      out += ']';
      return true;
    }
    if (typeof v === 'object' && v !== null) {
      out += '{';
      let first = true;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        if (!first) out += ',';
        first = false;
        out += `${clip(JSON.stringify(key), max)}:`;
        const member = (v as Record<string, unknown>)[key];
        if (!write(opts.replace ? opts.replace(key, member) : member, depth + 1)) return false;
      }
      out += '}';
      return true;
    }
    const text = typeof v === 'string' ? clip(JSON.stringify(v), max + 1) : JSON.stringify(v) ?? String(v);
    out += text;
    return out.length <= max;
  };
  return write(value) && out.length <= max ? out : `${out.slice(0, max)}…`;
}

/** A client's text (a property or parameter name) quoted in a message, cut at `max` characters (then `…`). */
export function clip(text: string, max = MAX_QUOTED_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
