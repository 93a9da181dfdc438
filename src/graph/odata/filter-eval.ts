/**
 * Compiles a `$filter` AST into a predicate over property bags, type-checking it against the entity
 * model first (so a bad filter fails before any entity is read). Evaluation is closure-based: the
 * predicate is built once per request and then runs over every stored entity without re-parsing and
 * without allocating for the common cases (ASCII strings, numbers, enums, ISO dates).
 *
 * Semantics (OData 4.01 URL Conventions, "Built-in Filter Operations"):
 * - `eq null` / `ne null` test for null; `gt`/`ge`/`lt`/`le` with a null operand are false.
 * - `and`/`or`/`not` use three-valued logic: a null operand (e.g. a null Boolean property or
 *   `contains` on a null string) makes `not` null, `true and null` null, `false or null` null; an
 *   entity is returned only when the whole expression is true.
 * - String comparisons, including `contains`/`startswith`/`endswith`, are case-insensitive. This is a
 *   choice of this mock (Graph's behaviour differs per property and backend); it also makes
 *   `tolower()`/`toupper()` identities.
 */
import type { EntityModel, PropertyModel } from '../../schemas/entity-model.js';
import { ODataQueryError } from './errors.js';
import { functionSignatureError, type ComparisonOperator, type FilterNode, type LiteralNode } from './filter-parser.js';
import { compareCi, compareInstant, edmTypeName, enumLookup, parseInstant, propertyGetter, subMillis, type ValueDomain } from './values.js';

type Row = Record<string, unknown>;
/** `null` is OData's "unknown" in three-valued logic. */
type Pred = (row: Row) => boolean | null;

interface Operand {
  readonly domain: ValueDomain;
  /** EDM type name for messages: `Edm.String`, `microsoft.graph.complianceState`, … */
  readonly edm: string;
  /** Present when the operand is a literal: its normalized value (`null` for the null literal). */
  readonly constant?: { readonly value: unknown };
  /** The raw string of a string literal, so it can still become an enum member. */
  readonly stringLiteral?: string;
  readonly get: (row: Row) => unknown;
  readonly enumValues?: Readonly<Record<string, number>>;
}

const OPERATOR_KIND: Readonly<Record<string, string>> = {
  eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual', and: 'And', or: 'Or',
};
const SWAPPED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

function incompatible(left: string, right: string, op: string): ODataQueryError {
  return new ODataQueryError(
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${OPERATOR_KIND[op] ?? op}'.`,
  );
}

function constant(domain: ValueDomain, edm: string, value: unknown, extra: Partial<Operand> = {}): Operand {
  return { domain, edm, constant: { value }, get: () => value, ...extra };
}

class FilterCompiler {
  constructor(private readonly model: EntityModel) {}

  private property(name: string): PropertyModel {
    const prop = this.model.properties.get(name);
    if (!prop) throw new ODataQueryError(`Could not find a property named '${name}' on type '${this.model.typeName}'.`);
    return prop;
  }

  /** Members of an enum type named in a qualified literal, found through any property of that type. */
  private enumMembers(typeName: string): { name: string; values: Readonly<Record<string, number>> } {
    for (const prop of this.model.properties.values()) {
      if (prop.kind === 'enum' && prop.enumValues && prop.enumType?.toLowerCase() === typeName.toLowerCase()) {
        return { name: prop.enumType, values: prop.enumValues };
      }
    }
    throw new ODataQueryError(`The enumeration type '${typeName}' is not used by any property of type '${this.model.typeName}'.`);
  }

  private enumMember(member: string, typeName: string, values: Readonly<Record<string, number>>): number {
    const value = enumLookup(values, member);
    if (value !== undefined) return value;
    throw new ODataQueryError(
      `The string '${member}' is not a valid enumeration type constant of '${typeName}'. Valid members are: ${Object.keys(values).join(', ')}.`,
    );
  }

  operand(node: FilterNode): Operand {
    switch (node.kind) {
      case 'property': {
        const prop = this.property(node.name);
        if (prop.kind === 'collection') {
          throw new ODataQueryError(
            `The property '${node.name}' is a collection and cannot be used in a $filter expression: lambda operators (any/all) are not supported by intune-mock.`,
          );
        }
        if (prop.kind === 'complex') {
          throw new ODataQueryError(
            `The property '${node.name}' is of a complex type and cannot be used in a $filter expression: property paths are not supported by intune-mock.`,
          );
        }
        const { domain, get } = propertyGetter(node.name, prop);
        return { domain, edm: edmTypeName(prop), get, ...(prop.enumValues ? { enumValues: prop.enumValues } : {}) };
      }
      case 'literal':
        return this.literal(node);
      case 'call':
        if (node.name === 'tolower' || node.name === 'toupper') {
          // Identities: every string comparison of this mock is case-insensitive already.
          const arg = this.operand(node.args[0]!);
          if (arg.domain !== 'string' && arg.domain !== 'null') throw functionSignatureError(node.name);
          return { ...arg, edm: 'Edm.String' };
        }
        return { domain: 'boolean', edm: 'Edm.Boolean', get: this.predicate(node) };
      default:
        return { domain: 'boolean', edm: 'Edm.Boolean', get: this.predicate(node) };
    }
  }

  private literal(node: LiteralNode): Operand {
    switch (node.type) {
      case 'string':
        return constant('string', 'Edm.String', node.value, { stringLiteral: node.value });
      case 'guid':
        // A GUID literal compares with string properties too (Graph models most ids as Edm.String).
        return constant('string', 'Edm.Guid', node.value);
      case 'number': {
        const edm = !node.integer ? 'Edm.Double' : Math.abs(node.value) <= 2147483647 ? 'Edm.Int32' : 'Edm.Int64';
        return constant('number', edm, node.value);
      }
      case 'boolean':
        return constant('boolean', 'Edm.Boolean', node.value);
      case 'null':
        return constant('null', 'null', null);
      case 'dateTimeOffset':
        return constant('dateTimeOffset', 'Edm.DateTimeOffset', node.value);
      case 'enum': {
        const type = this.enumMembers(node.enumType);
        return constant('enum', type.name, this.enumMember(node.value, type.name, type.values), { enumValues: type.values });
      }
    }
  }

  /** A node in Boolean position (the root, operands of and/or/not). */
  predicate(node: FilterNode): Pred {
    switch (node.kind) {
      case 'logical': {
        const left = this.booleanOperand(node.left, node.op, 'right', node.right);
        const right = this.booleanOperand(node.right, node.op, 'left', node.left);
        return node.op === 'and'
          ? (row) => {
              const a = left(row);
              if (a === false) return false;
              const b = right(row);
              return b === false ? false : a === null || b === null ? null : true;
            }
          : (row) => {
              const a = left(row);
              if (a === true) return true;
              const b = right(row);
              return b === true ? true : a === null || b === null ? null : false;
            };
      }
      case 'not': {
        const inner = this.operand(node.operand);
        if (inner.domain !== 'boolean' && inner.domain !== 'null') {
          throw new ODataQueryError(`A unary operator with an incompatible type was detected. Found operand type '${inner.edm}' for operator kind 'Not'.`);
        }
        const get = inner.get;
        return (row) => {
          const v = get(row);
          return v === null || v === undefined ? null : !v;
        };
      }
      case 'compare':
        return this.compare(node.op, this.operand(node.left), this.operand(node.right));
      case 'in': {
        // `x in (a, b)` is `x eq a or x eq b` (OData 4.01 URL Conventions, "In"), with the same typing.
        const operand = this.operand(node.operand);
        const tests = node.items.map((item) => this.compare('eq', operand, this.literal(item)));
        return (row) => {
          let unknown = false;
          for (const test of tests) {
            const v = test(row);
            if (v === true) return true;
            if (v === null) unknown = true;
          }
          return unknown ? null : false;
        };
      }
      case 'call':
        if (node.name === 'contains' || node.name === 'startswith' || node.name === 'endswith') return this.stringFunction(node.name, node.args);
        break;
    }
    const operand = this.operand(node);
    if (operand.domain !== 'boolean') throw new ODataQueryError('The $filter expression must evaluate to a single boolean value.');
    return operand.get as Pred;
  }

  private booleanOperand(node: FilterNode, op: string, otherSide: 'left' | 'right', other: FilterNode): Pred {
    const operand = this.operand(node);
    if (operand.domain === 'boolean') return operand.get as Pred;
    const otherEdm = this.operand(other).edm;
    throw otherSide === 'right' ? incompatible(operand.edm, otherEdm, op) : incompatible(otherEdm, operand.edm, op);
  }

  private stringFunction(name: 'contains' | 'startswith' | 'endswith', args: readonly FilterNode[]): Pred {
    const [subject, search] = args.map((a) => this.operand(a)) as [Operand, Operand];
    for (const o of [subject, search]) if (o.domain !== 'string' && o.domain !== 'null') throw functionSignatureError(name);
    const get = subject.get;
    if (search.constant) {
      const needle = search.constant.value;
      if (needle === null) return () => null;
      // A case-insensitive regular expression tests without allocating a lower-cased copy per entity.
      const escaped = (needle as string).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
      const re = new RegExp(name === 'startswith' ? `^${escaped}` : name === 'endswith' ? `${escaped}$` : escaped, 'iu');
      return (row) => {
        const v = get(row);
        return v === null ? null : re.test(v as string);
      };
    }
    const getSearch = search.get;
    return (row) => {
      const v = get(row);
      const s = getSearch(row);
      if (v === null || s === null) return null;
      const hay = (v as string).toLowerCase();
      const pin = (s as string).toLowerCase();
      return name === 'contains' ? hay.includes(pin) : name === 'startswith' ? hay.startsWith(pin) : hay.endsWith(pin);
    };
  }

  /** Reconciles the operand types (OData's literal promotion rules, reduced to what Graph uses). */
  private unify(op: ComparisonOperator, left: Operand, right: Operand): [Operand, Operand] {
    if (left.domain === 'null' || right.domain === 'null') return [left, right];
    if (left.domain === 'enum' && right.stringLiteral !== undefined) return [left, this.toEnum(right.stringLiteral, left)];
    if (right.domain === 'enum' && left.stringLiteral !== undefined) return [this.toEnum(left.stringLiteral, right), right];
    if (left.domain !== right.domain || (left.domain === 'enum' && left.edm !== right.edm)) throw incompatible(left.edm, right.edm, op);
    return [left, right];
  }

  private toEnum(member: string, enumOperand: Operand): Operand {
    const values = enumOperand.enumValues ?? {};
    return constant('enum', enumOperand.edm, this.enumMember(member, enumOperand.edm, values));
  }

  private compare(op: ComparisonOperator, l: Operand, r: Operand): Pred {
    let [left, right] = this.unify(op, l, r);
    if (left.constant && !right.constant) [left, right, op] = [right, left, SWAPPED[op]];
    const domain = left.domain === 'null' ? right.domain : left.domain;
    const get = left.get;
    if (right.constant) {
      const c = right.constant.value;
      if (c === null) {
        if (op === 'eq') return (row) => get(row) === null;
        if (op === 'ne') return (row) => get(row) !== null;
        return () => false;
      }
      const cmp = constantComparer(domain, c);
      return compareWith(op, (row) => {
        const v = get(row);
        return v === null ? null : cmp(v);
      });
    }
    const getRight = right.get;
    const cmp = pairComparer(domain);
    return compareWith(
      op,
      (row) => {
        const a = get(row);
        const b = getRight(row);
        return a === null || b === null ? null : cmp(a, b);
      },
      (row) => get(row) === null && getRight(row) === null,
    );
  }
}

/** `diff(row)`: sign of left − right, `null` if an operand is null, NaN if incomparable (bad data). */
function compareWith(op: ComparisonOperator, diff: (row: Row) => number | null, bothNull: (row: Row) => boolean = () => false): Pred {
  switch (op) {
    case 'eq':
      return (row) => {
        const d = diff(row);
        return d === null ? bothNull(row) : d === 0;
      };
    case 'ne':
      return (row) => {
        const d = diff(row);
        return d === null ? !bothNull(row) : d !== 0;
      };
    case 'gt':
      return (row) => (diff(row) ?? NaN) > 0;
    case 'ge':
      return (row) => (diff(row) ?? NaN) >= 0;
    case 'lt':
      return (row) => (diff(row) ?? NaN) < 0;
    case 'le':
      return (row) => (diff(row) ?? NaN) <= 0;
  }
}

function constantComparer(domain: ValueDomain, c: unknown): (v: unknown) => number {
  switch (domain) {
    case 'string':
      return (v) => compareCi(v as string, c as string);
    case 'dateTimeOffset': {
      // Parse the literal once; each entity's value is parsed without allocating.
      const ms = parseInstant(c as string);
      const sub = subMillis();
      return (v) => {
        const vm = parseInstant(v as string);
        return vm !== ms ? vm - ms : subMillis() - sub;
      };
    }
    case 'boolean':
      return (v) => Number(v) - Number(c);
    default:
      return (v) => (v as number) - (c as number);
  }
}

function pairComparer(domain: ValueDomain): (a: unknown, b: unknown) => number {
  switch (domain) {
    case 'string':
      return (a, b) => compareCi(a as string, b as string);
    case 'dateTimeOffset':
      return (a, b) => compareInstant(a as string, b as string);
    case 'boolean':
      return (a, b) => Number(a) - Number(b);
    default:
      return (a, b) => (a as number) - (b as number);
  }
}

/**
 * Type-checks `node` against `model` and returns the predicate to run per entity. Throws
 * {@link ODataQueryError} for unknown properties, incompatible operand types, unknown enum members and
 * non-Boolean filters.
 */
export function compileFilter(node: FilterNode, model: EntityModel): (entity: Record<string, unknown>) => boolean {
  const pred = new FilterCompiler(model).predicate(node);
  return (entity) => pred(entity) === true;
}
