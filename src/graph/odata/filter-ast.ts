/** Walking a `$filter` AST: rebuilding it, searching it, the properties it names (for rules over filters, e.g. Intune's quirks). */
import type { FilterNode } from './filter-parser.js';

/** Rebuilds `node` bottom-up, `f` seeing each node after its children. */
export function mapNode(node: FilterNode, f: (n: FilterNode) => FilterNode): FilterNode {
  switch (node.kind) {
    case 'logical':
    case 'compare':
      return f({ ...node, left: mapNode(node.left, f), right: mapNode(node.right, f) });
    case 'not':
      return f({ ...node, operand: mapNode(node.operand, f) });
    case 'in':
      return f({ ...node, operand: mapNode(node.operand, f) });
    case 'call':
      return f({ ...node, args: node.args.map((a) => mapNode(a, f)) });
    default:
      return f(node);
  }
}

/** Whether `test` holds for `node` or for any node below it. */
export function someNode(node: FilterNode, test: (n: FilterNode) => boolean): boolean {
  if (test(node)) return true;
  switch (node.kind) {
    case 'logical':
    case 'compare':
      return someNode(node.left, test) || someNode(node.right, test);
    case 'not':
    case 'in':
      return someNode(node.operand, test);
    case 'call':
      return node.args.some((a) => someNode(a, test));
    default:
      return false;
  }
}

/** The properties a (sub)filter names. */
export function propertiesOf(node: FilterNode, into = new Set<string>()): Set<string> {
  someNode(node, (n) => {
    if (n.kind === 'property') into.add(n.name);
    return false;
  });
  return into;
}
