/**
 * Recursive-descent parser for `$filter`. Precedence follows the OData 4.01 URL Conventions table
 * "Operator Precedence", from highest to lowest: grouping `( )`, primary (function calls, `in`), unary
 * `not`, relational `gt ge lt le`, equality `eq ne`, `and`, `or`. Binary operators are
 * left-associative. Only the subset intune-mock evaluates is accepted; everything else is rejected
 * here with a message that names the unsupported construct.
 */
import { ODataQueryError, positionedError, syntaxError } from './errors.js';
import { FilterLexer, OPERATOR_KEYWORDS, type Token } from './filter-lexer.js';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type LogicalOperator = 'and' | 'or';
export type FilterFunctionName = 'contains' | 'startswith' | 'endswith' | 'tolower' | 'toupper';

export type LiteralNode = { readonly kind: 'literal'; readonly pos: number } & (
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number; readonly integer: boolean; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null'; readonly value: null }
  /** `value` is the literal as written, already validated by the lexer. */
  | { readonly type: 'dateTimeOffset'; readonly value: string }
  /** `value` is the GUID as written. */
  | { readonly type: 'guid'; readonly value: string }
  /** `microsoft.graph.complianceState'compliant'`: `enumType` is the qualified name, `value` the member. */
  | { readonly type: 'enum'; readonly enumType: string; readonly value: string }
);

export type FilterNode =
  | { readonly kind: 'logical'; readonly op: LogicalOperator; readonly left: FilterNode; readonly right: FilterNode; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: FilterNode; readonly pos: number }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: FilterNode; readonly right: FilterNode; readonly pos: number }
  | { readonly kind: 'call'; readonly name: FilterFunctionName; readonly args: readonly FilterNode[]; readonly pos: number }
  /** `operatingSystem in ('iOS','Android')` (OData 4.01): true when the operand equals one of the literals. */
  | { readonly kind: 'in'; readonly operand: FilterNode; readonly items: readonly LiteralNode[]; readonly pos: number }
  | { readonly kind: 'property'; readonly name: string; readonly pos: number }
  | LiteralNode;

/** Parameter lists, used for arity errors (and by the evaluator for type errors). */
export const FUNCTION_SIGNATURES: Readonly<Record<FilterFunctionName, readonly string[]>> = {
  contains: ['Edm.String', 'Edm.String'],
  startswith: ['Edm.String', 'Edm.String'],
  endswith: ['Edm.String', 'Edm.String'],
  tolower: ['Edm.String'],
  toupper: ['Edm.String'],
};

/** `No function signature … matches` (ODL's wording), for wrong argument counts or types. */
export function functionSignatureError(name: FilterFunctionName): ODataQueryError {
  return new ODataQueryError(
    `No function signature for the function with name '${name}' matches the specified arguments. ` +
      `The function signatures considered are: ${name}(${FUNCTION_SIGNATURES[name].join(', ')}).`,
  );
}

/** Built-in OData functions that exist but that intune-mock does not evaluate. */
const UNSUPPORTED_FUNCTIONS = new Set([
  'length', 'indexof', 'substring', 'trim', 'concat', 'matchespattern', 'year', 'month', 'day', 'hour',
  'minute', 'second', 'fractionalseconds', 'totalseconds', 'date', 'time', 'totaloffsetminutes', 'now',
  'mindatetime', 'maxdatetime', 'round', 'floor', 'ceiling', 'cast', 'isof', 'hassubset', 'hassubsequence',
  'case', 'any', 'all',
]);
/** OData operators outside the supported set (arithmetic, `has`). */
const UNSUPPORTED_OPERATORS = new Set(['add', 'sub', 'mul', 'div', 'divby', 'mod', 'has']);
const OPERATORS: ReadonlySet<string> = new Set(OPERATOR_KEYWORDS);

type OperatorToken = Extract<Token, { kind: 'operator' }>;

/**
 * How deeply a `$filter` may nest: parentheses, `not` and function arguments each add a level. The parser,
 * the evaluator and the Intune dialect recurse on the tree, and ~1,500 nested parentheses overflowed the
 * stack (a 500). Graph's limit is not documented; it answers a query too complex with a 400, and so does the
 * mock. 100 is far beyond any real client's filter, and far below what the stack can take
 * (docs/graph-fidelity.md#filter-limits).
 */
export const MAX_FILTER_DEPTH = 100;
/**
 * How many binary operators (`and`, `or`, comparisons) a `$filter` may hold: a chain of them is a tree as deep
 * as it is long, walked recursively too. 1,000 leaves room for a long `id eq … or id eq …` list.
 */
export const MAX_FILTER_OPERATORS = 1000;

class Parser {
  private readonly lexer: FilterLexer;
  private current: Token;
  /** The last token consumed, for hints about a miscased operator taken for a property name. */
  private previous: Token | undefined;
  private depth = 0;
  private operators = 0;
  constructor(private readonly text: string) {
    this.lexer = new FilterLexer(text);
    this.current = this.lexer.next();
  }

  private peek(): Token {
    return this.current;
  }
  private next(): Token {
    const token = this.current;
    if (token.kind !== 'eof') {
      this.previous = token;
      this.current = this.lexer.next();
    }
    return token;
  }
  private isOperator(...ops: string[]): OperatorToken | undefined {
    const token = this.peek();
    return token.kind === 'operator' && ops.includes(token.op) ? token : undefined;
  }

  /** Runs `parse` one nesting level deeper, refusing a filter nested beyond MAX_FILTER_DEPTH. */
  private nested<T>(pos: number, parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw positionedError('The query is too complex: nesting too deep', this.text, pos, `A $filter nests at most ${MAX_FILTER_DEPTH} levels (parentheses, not, function arguments).`);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Counts a binary operator, refusing a filter with more than MAX_FILTER_OPERATORS. */
  private binary(op: OperatorToken): OperatorToken {
    if (++this.operators > MAX_FILTER_OPERATORS) {
      throw positionedError('The query is too complex: too many operators', this.text, op.pos, `A $filter holds at most ${MAX_FILTER_OPERATORS} operators.`);
    }
    return op;
  }

  parse(): FilterNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind === ')') throw syntaxError(this.text, rest.pos, "Unbalanced ')'.");
    if (rest.kind !== 'eof') throw this.operatorHint(rest) ?? syntaxError(this.text, rest.pos);
    return node;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    for (let op; (op = this.isOperator('or')); ) {
      this.binary(op);
      this.next();
      left = { kind: 'logical', op: 'or', left, right: this.parseAnd(), pos: op.pos };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseEquality();
    for (let op; (op = this.isOperator('and')); ) {
      this.binary(op);
      this.next();
      left = { kind: 'logical', op: 'and', left, right: this.parseEquality(), pos: op.pos };
    }
    return left;
  }

  private parseEquality(): FilterNode {
    let left = this.parseRelational();
    for (let op; (op = this.isOperator('eq', 'ne')); ) {
      this.binary(op);
      this.next();
      left = { kind: 'compare', op: op.op as ComparisonOperator, left, right: this.parseRelational(), pos: op.pos };
    }
    return left;
  }

  private parseRelational(): FilterNode {
    let left = this.parseUnary();
    for (let op; (op = this.isOperator('gt', 'ge', 'lt', 'le')); ) {
      this.binary(op);
      this.next();
      left = { kind: 'compare', op: op.op as ComparisonOperator, left, right: this.parseUnary(), pos: op.pos };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const not = this.isOperator('not');
    if (not) {
      this.next();
      return { kind: 'not', operand: this.nested(not.pos, () => this.parseUnary()), pos: not.pos };
    }
    return this.parseIn();
  }

  /** A primary expression, optionally followed by `in (literal, …)`. */
  private parseIn(): FilterNode {
    const operand = this.parsePrimary();
    const op = this.isOperator('in');
    if (!op) return operand;
    this.next();
    const open = this.peek();
    if (open.kind !== '(') throw positionedError("'(' expected", this.text, open.pos, "The list after 'in' is written ('a','b').");
    this.next();
    const items: LiteralNode[] = [];
    for (;;) {
      const item = this.peek();
      const node = this.parsePrimary();
      if (node.kind !== 'literal') throw positionedError('A literal expected', this.text, item.pos, "The list after 'in' holds literals only.");
      items.push(node);
      const sep = this.peek();
      if (sep.kind === ')') break;
      if (sep.kind !== ',') throw positionedError("')' or ',' expected", this.text, sep.pos);
      this.next();
    }
    this.next(); // ')'
    return { kind: 'in', operand, items, pos: op.pos };
  }

  private parsePrimary(): FilterNode {
    const token = this.next();
    const pos = token.pos;
    switch (token.kind) {
      case '(': {
        const inner = this.nested(pos, () => this.parseOr());
        const close = this.peek();
        if (close.kind !== ')') throw this.operatorHint(close) ?? positionedError("')' or operator expected", this.text, close.pos);
        this.next();
        return inner;
      }
      case 'string':
        return { kind: 'literal', type: 'string', value: token.value, pos };
      case 'number':
        return { kind: 'literal', type: 'number', value: token.value, integer: token.integer, text: token.text, pos };
      case 'boolean':
        return { kind: 'literal', type: 'boolean', value: token.value, pos };
      case 'null':
        return { kind: 'literal', type: 'null', value: null, pos };
      case 'dateTimeOffset':
        return { kind: 'literal', type: 'dateTimeOffset', value: token.text, pos };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: token.text, pos };
      case 'enum':
        return { kind: 'literal', type: 'enum', enumType: token.enumType, value: token.value, pos };
      case 'identifier':
        return this.parseIdentifier(token);
      default:
        // An operator, ')', ',', '/' or the end where an operand was expected.
        throw syntaxError(this.text, pos);
    }
  }

  private parseIdentifier(token: Token): FilterNode {
    const name = token.text;
    const pos = token.pos;
    if (this.peek().kind === '(') return this.parseCall(name, pos);
    if (this.peek().kind === '/') {
      throw positionedError(
        'Property paths and lambda operators (any/all) are not supported by intune-mock',
        this.text,
        this.peek().pos,
        `Use a property of the entity itself, e.g. '${name} eq …'.`,
      );
    }
    if (name.includes('.')) {
      throw positionedError(`Qualified name '${name}' is not supported by intune-mock`, this.text, pos, 'Type casts and bound functions cannot be used in $filter.');
    }
    return { kind: 'property', name, pos };
  }

  private parseCall(name: string, pos: number): FilterNode {
    if (!Object.hasOwn(FUNCTION_SIGNATURES, name)) {
      const lower = name.toLowerCase();
      if (Object.hasOwn(FUNCTION_SIGNATURES, lower)) {
        throw new ODataQueryError(`Unknown function '${name}'. Function names are case-sensitive: use '${lower}'.`);
      }
      if (UNSUPPORTED_FUNCTIONS.has(lower)) throw new ODataQueryError(`The function '${name}' is not supported by intune-mock.`);
      throw new ODataQueryError(`Unknown function '${name}'.`);
    }
    const fn = name as FilterFunctionName;
    this.next(); // '('
    const args: FilterNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.nested(pos, () => this.parseOr()));
        const sep = this.peek();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') throw this.operatorHint(sep) ?? positionedError("')' or ',' expected", this.text, sep.pos);
        this.next();
      }
    }
    this.next(); // ')'
    if (args.length !== FUNCTION_SIGNATURES[fn].length) throw functionSignatureError(fn);
    return { kind: 'call', name: fn, args, pos };
  }

  /** Something other than an operator follows a complete operand: say why, if we can tell. */
  private operatorHint(token: Token): ODataQueryError | undefined {
    // `NOT isEncrypted`: the miscased keyword was taken for a property name, the error surfaces after it.
    const previous = this.previous;
    const prevLower = previous?.kind === 'identifier' ? previous.text.toLowerCase() : '';
    if (previous && OPERATORS.has(prevLower)) {
      return syntaxError(this.text, previous.pos, `Operators are case-sensitive in OData: use '${prevLower}' instead of '${previous.text}'.`);
    }
    if (token.kind !== 'identifier') return undefined;
    const lower = token.text.toLowerCase();
    if (OPERATORS.has(lower)) {
      return syntaxError(this.text, token.pos, `Operators are case-sensitive in OData: use '${lower}' instead of '${token.text}'.`);
    }
    if (UNSUPPORTED_OPERATORS.has(lower)) {
      return positionedError(`The operator '${token.text}' is not supported by intune-mock`, this.text, token.pos);
    }
    return undefined;
  }
}

/** Parses a `$filter` value (already URL-decoded) into an AST. Throws {@link ODataQueryError}. */
export function parseFilter(text: string): FilterNode {
  return new Parser(text).parse();
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** S-expression form of an AST, e.g. `(and (eq operatingSystem 'iOS') (not isEncrypted))`. */
export function filterToString(node: FilterNode): string {
  switch (node.kind) {
    case 'logical':
    case 'compare':
      return `(${node.op} ${filterToString(node.left)} ${filterToString(node.right)})`;
    case 'not':
      return `(not ${filterToString(node.operand)})`;
    case 'in':
      return `(in ${filterToString(node.operand)} (${node.items.map(filterToString).join(' ')}))`;
    case 'call':
      return `(${[node.name, ...node.args.map(filterToString)].join(' ')})`;
    case 'property':
      return node.name;
    case 'literal':
      switch (node.type) {
        case 'string':
          return quote(node.value);
        case 'number':
          return node.text;
        case 'enum':
          return `${node.enumType}${quote(node.value)}`;
        default:
          return String(node.value);
      }
  }
}
