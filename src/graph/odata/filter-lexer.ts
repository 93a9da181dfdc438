/**
 * Tokenizer for `$filter` expressions (OData 4.01 URL Conventions, "System Query Option $filter", and
 * the OData ABNF for literals). Works on the already URL-decoded option value; every token records its
 * 0-based offset so that errors can say where the problem is.
 */
import { positionedError, syntaxError } from './errors.js';

/**
 * Operator keywords. They are recognised only in lowercase, as OData 4.0 (the version Microsoft Graph
 * implements) spells them: `EQ` or `And` is not an operator here, even though some lenient OData
 * stacks accept it. Likewise `true`/`false`/`null` and function names. The parser turns a
 * wrongly-cased operator into a hint rather than a bare syntax error.
 */
export const OPERATOR_KEYWORDS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'in'] as const;
export type OperatorKeyword = (typeof OPERATOR_KEYWORDS)[number];
const OPERATORS: ReadonlySet<string> = new Set(OPERATOR_KEYWORDS);

interface TokenBase {
  /** Source text of the token, as written. */
  readonly text: string;
  /** 0-based offset of the token's first character. */
  readonly pos: number;
}

export type Token =
  | (TokenBase & { readonly kind: 'identifier' })
  | (TokenBase & { readonly kind: 'operator'; readonly op: OperatorKeyword })
  | (TokenBase & { readonly kind: 'string'; readonly value: string })
  | (TokenBase & { readonly kind: 'number'; readonly value: number; readonly integer: boolean })
  | (TokenBase & { readonly kind: 'boolean'; readonly value: boolean })
  | (TokenBase & { readonly kind: 'null' })
  | (TokenBase & { readonly kind: 'dateTimeOffset' })
  | (TokenBase & { readonly kind: 'guid' })
  | (TokenBase & { readonly kind: 'enum'; readonly enumType: string; readonly value: string })
  | (TokenBase & { readonly kind: '(' | ')' | ',' | '/' | 'eof' });

export type TokenKind = Token['kind'];

const GUID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
// dateTimeOffsetValue: seconds and fractional seconds optional, `Z` or a `±hh:mm` offset required.
const DATE_TIME =
  /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?(?:Z|[+-](\d{2}):(\d{2}))/iy;
const DATE_ONLY = /\d{4}-\d{2}-\d{2}/y;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
// Dotted names are lexed as one identifier so that `microsoft.graph.complianceState'x'` is one token.
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const IDENT_CHAR = /[A-Za-z0-9_.]/;

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Range-checks the fields the regex captured (month 13, 25:00, Feb 30… are not DateTimeOffsets). */
function validDateTime(m: RegExpExecArray): boolean {
  const n = (group: number): number => Number(m[group] ?? 0);
  const month = n(2);
  const day = n(3);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(n(1), month) && n(4) <= 23 && n(5) <= 59 && n(6) <= 59 && n(7) <= 23 && n(8) <= 59;
}

/** Reads a `'…'` literal starting at `start` (the opening quote); `''` is an escaped quote. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0) throw positionedError('Unterminated string literal', text, start);
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
    } else {
      return { value, end: close + 1 };
    }
  }
}

/** A number, date or GUID must not run straight into a name (`12abc`, `…Zfoo`). */
function checkDelimited(text: string, end: number): void {
  const next = text[end];
  if (next !== undefined && IDENT_CHAR.test(next)) throw syntaxError(text, end);
}

/**
 * On-demand tokenizer: the parser pulls tokens one at a time, so that a construct it rejects with a
 * specific message (e.g. `deviceActionResults/any(a:…)`) is reported before the lexer trips over
 * characters further on that it does not know (`:`).
 */
export class FilterLexer {
  private i = 0;
  constructor(private readonly text: string) {}

  next(): Token {
    const text = this.text;
    let i = this.i;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const token = i < text.length ? this.scan(i) : ({ kind: 'eof', text: '', pos: text.length } as const);
    this.i = token.kind === 'eof' ? text.length : token.pos + token.text.length;
    return token;
  }

  private scan(pos: number): Token {
    const text = this.text;
    const ch = text[pos]!;
    if (ch === '(' || ch === ')' || ch === ',' || ch === '/') return { kind: ch, text: ch, pos };
    if (ch === "'") {
      const { value, end } = readString(text, pos);
      return { kind: 'string', value, text: text.slice(pos, end), pos };
    }
    // GUIDs may start with a letter (a-f), so they are tried before identifiers; their fixed 8-4-4-4-12
    // shape cannot be confused with a name, which never contains '-'.
    const guid = matchAt(GUID, text, pos);
    if (guid) {
      checkDelimited(text, GUID.lastIndex);
      return { kind: 'guid', text: guid[0], pos };
    }
    if (/[0-9-]/.test(ch)) {
      const dt = matchAt(DATE_TIME, text, pos);
      if (dt) {
        if (!validDateTime(dt)) throw positionedError(`Unrecognized 'Edm.DateTimeOffset' literal '${dt[0]}'`, text, pos);
        checkDelimited(text, DATE_TIME.lastIndex);
        return { kind: 'dateTimeOffset', text: dt[0], pos };
      }
      const date = matchAt(DATE_ONLY, text, pos);
      if (date) {
        throw positionedError(`Unsupported Edm.Date literal '${date[0]}'`, text, pos, `Use a DateTimeOffset such as ${date[0]}T00:00:00Z.`);
      }
      const num = matchAt(NUMBER, text, pos);
      if (!num) throw syntaxError(text, pos); // a '-' that does not start a number: negation is not supported
      checkDelimited(text, NUMBER.lastIndex);
      return { kind: 'number', value: Number(num[0]), integer: num[1] === undefined && num[2] === undefined, text: num[0], pos };
    }
    const ident = matchAt(IDENTIFIER, text, pos);
    if (ident) {
      const name = ident[0];
      const end = IDENTIFIER.lastIndex;
      if (text[end] === "'" && !OPERATORS.has(name)) {
        // Typed literal `prefix'…'`: only qualified enum literals are supported (OData 4.0 requires the
        // enum type to be qualified; duration'…', binary'…' and geography'…' are not supported).
        if (!name.includes('.')) throw positionedError(`Unsupported literal prefix '${name}'`, text, pos);
        const str = readString(text, end);
        checkDelimited(text, str.end);
        return { kind: 'enum', enumType: name, value: str.value, text: text.slice(pos, str.end), pos };
      }
      if (OPERATORS.has(name)) return { kind: 'operator', op: name as OperatorKeyword, text: name, pos };
      if (name === 'true' || name === 'false') return { kind: 'boolean', value: name === 'true', text: name, pos };
      if (name === 'null') return { kind: 'null', text: name, pos };
      return { kind: 'identifier', text: name, pos };
    }
    if (ch === '"') throw syntaxError(text, pos, 'String literals are enclosed in single quotes in OData.');
    throw syntaxError(text, pos);
  }
}

/** All tokens of `text`, ending with an `eof` token (the parser itself pulls them lazily). */
export function tokenize(text: string): Token[] {
  const lexer = new FilterLexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}
