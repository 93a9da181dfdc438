/**
 * Intune's `$filter` on managedDevices is not OData's (docs/graph-fidelity.md#filter). This module holds
 * the one table of its reported quirks, each with its trigger (a predicate over the parsed filter), what
 * Intune does (as text, for the README, and as a rewrite of the filter), and the public reports; and the
 * table of properties Intune filters on, from the v1.0 CSDL's descriptions.
 *
 * `runFilterDialect` applies the table in order, each rule to the filter as the earlier ones left it (so
 * `startswith(deviceName,'r') or startswith(userDisplayName,'E')` becomes, as on Intune, `and`, then
 * loses its unsupported half, then means `contains`). Every rule that matches is reported, in either
 * dialect; only `intune` runs Intune's version of the filter. `strict` runs the filter as OData says.
 *
 * Framework-free: Intune's `500` is an {@link IntuneFilterFailure} that the Graph layer turns into Intune's envelope.
 */
import type { EntityModel } from '../../schemas/entity-model.js';
import { mapNode, propertiesOf, someNode } from './filter-ast.js';
import { parseFilter, type FilterNode } from './filter-parser.js';
import { canonicalName } from './property-names.js';

/** `--odata`: how `$filter` on managedDevices behaves (docs/graph-fidelity.md#filter). */
export const ODATA_DIALECTS = ['strict', 'intune'] as const;
export type ODataDialect = (typeof ODATA_DIALECTS)[number];

const CSDL = 'https://learn.microsoft.com/graph/api/resources/intune-devices-manageddevice?view=graph-rest-1.0';
const issue = (repo: string, n: number) => `https://github.com/${repo}/issues/${n}`;
const DOCS = 'microsoftgraph/microsoft-graph-docs';
const DOCS_CONTRIB = 'microsoftgraph/microsoft-graph-docs-contrib';
const SDK = 'microsoft/Intune-PowerShell-SDK';

/** An operator a property's CSDL description says `$filter` supports on it (`or`: between its own comparisons). */
export type IntuneFilterOperator = 'eq' | 'ne' | 'or' | 'contains' | 'lt' | 'gt';

export interface FilterableProperty {
  /** `all`: every operator, as OData says. */
  readonly operators: readonly IntuneFilterOperator[] | 'all';
  /** Where the operators come from. */
  readonly source: string;
}

const described = (...operators: IntuneFilterOperator[]): FilterableProperty => ({ operators, source: CSDL });

/**
 * The properties Intune filters on: those whose v1.0 CSDL description mentions `$filter` support, with the
 * operators it names; and two more. The entity's description: "Only properties whose descriptions mention
 * support for $filter may be used, and combinations of those filtered properties must use 'and', not 'or'."
 * A filter on any other property is ignored (the `unsupported-property-ignored` quirk).
 */
export const INTUNE_FILTERABLE: Readonly<Record<string, FilterableProperty>> = {
  azureADDeviceId: described('eq'),
  complianceGracePeriodExpirationDateTime: described('lt', 'gt'),
  complianceState: described('eq', 'or'),
  deviceCategoryDisplayName: described('eq', 'or'),
  deviceName: described('eq', 'contains'),
  emailAddress: described('contains'),
  enrolledDateTime: described('lt', 'gt'),
  exchangeAccessState: described('eq', 'or'),
  imei: described('eq', 'or'),
  jailBroken: described('eq', 'or'),
  lastSyncDateTime: described('lt', 'gt'),
  managementAgent: described('eq', 'or'),
  managementState: described('eq', 'or'),
  manufacturer: described('eq', 'or'),
  model: described('eq', 'contains'),
  operatingSystem: described('eq', 'or'),
  osVersion: described('contains'),
  phoneNumber: described('contains'),
  serialNumber: described('eq', 'or'),
  userPrincipalName: described('eq', 'ne'),
  // Not in the descriptions, but `eq` on it filters (the `ne` report compares it with `eq`'s right answer).
  managedDeviceOwnerType: { operators: ['eq'], source: issue(DOCS, 9953) },
  // Not in the descriptions either. Mock choice: the key is filtered as OData says (no report either way).
  id: { operators: 'all', source: 'mock choice: the key' },
};

/** The filter as a rule sees it: the text as sent, and the AST (`undefined`: no filter). */
export interface FilterState {
  readonly text: string;
  readonly node: FilterNode | undefined;
}

/** Intune answers with an error instead of a list. */
export interface IntuneFailure {
  readonly failure: { readonly status: number; readonly code: string; readonly text: string };
}

export interface FilterQuirk {
  /** Stable, kebab-case: the `x-mock-warning` header and the journal name it. */
  readonly id: string;
  /** When it applies (Markdown, for the README's table). */
  readonly trigger: string;
  /** What real Intune does then (Markdown). */
  readonly intune: string;
  /** The public reports it comes from. */
  readonly sources: readonly string[];
  matches(state: FilterState, model: EntityModel): boolean;
  /** Intune's answer: the filter it really runs, or its failure. Called only when `matches`. */
  apply(state: FilterState, model: EntityModel): FilterState | IntuneFailure;
}

// ---- Triggers ----------------------------------------------------------------------------------------

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

const isCrossPropertyOr = (n: FilterNode) => n.kind === 'logical' && n.op === 'or' && !sameSet(propertiesOf(n.left), propertiesOf(n.right));

const onlyProperty = (n: FilterNode, name: string) => {
  const props = propertiesOf(n);
  return props.size === 1 && props.has(name);
};
const isAzureIdOr = (n: FilterNode) => n.kind === 'logical' && n.op === 'or' && onlyProperty(n, 'azureADDeviceId');

/** A property of the entity that Intune does not filter on (unknown names are left to the type check). */
const unsupported = (name: string, model: EntityModel) => model.properties.has(name) && !Object.hasOwn(INTUNE_FILTERABLE, name);

const neWithoutNe = (n: FilterNode) =>
  n.kind === 'compare' &&
  n.op === 'ne' &&
  [...propertiesOf(n)].some((p) => {
    const operators = INTUNE_FILTERABLE[p]?.operators;
    return operators !== undefined && operators !== 'all' && !operators.includes('ne');
  });

const upnEquals = (n: FilterNode) =>
  n.kind === 'compare' &&
  n.op === 'eq' &&
  ((n.left.kind === 'property' && n.left.name === 'userPrincipalName' && n.right.kind === 'literal' && n.right.type === 'string') ||
    (n.right.kind === 'property' && n.right.name === 'userPrincipalName' && n.left.kind === 'literal' && n.left.type === 'string'));

const miscased = (n: FilterNode, model: EntityModel) => n.kind === 'property' && !model.properties.has(n.name) && canonicalName(n.name, model) !== undefined;

/**
 * Drops every condition that names a property Intune ignores: a `not` or an `and`/`or` loses the operand,
 * and a filter with nothing left is no filter.
 */
function pruneUnsupported(node: FilterNode, model: EntityModel): FilterNode | undefined {
  switch (node.kind) {
    case 'logical': {
      const left = pruneUnsupported(node.left, model);
      const right = pruneUnsupported(node.right, model);
      return left && right ? { ...node, left, right } : (left ?? right);
    }
    case 'not': {
      const operand = pruneUnsupported(node.operand, model);
      return operand && { ...node, operand };
    }
    default:
      return [...propertiesOf(node)].some((p) => unsupported(p, model)) ? undefined : node;
  }
}

/** Applies `f` to the state's filter (none stays none), keeping the text. */
const rewrite = (state: FilterState, f: (node: FilterNode) => FilterNode | undefined): FilterState => ({
  text: state.text,
  node: state.node && f(state.node),
});
const has = (state: FilterState, test: (n: FilterNode) => boolean) => state.node !== undefined && someNode(state.node, test);

// ---- The quirks, in the order Intune's behaviour is applied ------------------------------------------

export const INTUNE_FILTER_QUIRKS: readonly FilterQuirk[] = [
  {
    id: 'empty-filter-ignored',
    trigger: '`$filter=` with nothing in it',
    intune: 'Answers every device (OData: a syntax error, and the mock\'s `400`)',
    sources: [issue(DOCS_CONTRIB, 1391)],
    matches: (state) => state.text.trim() === '',
    apply: (state) => ({ text: state.text, node: undefined }),
  },
  {
    id: 'property-name-any-case',
    trigger: 'A property named in another case, e.g. `UserPrincipalName`, `SerialNumber`',
    intune: 'Filters on the property (OData names are case-sensitive: the mock\'s `400`)',
    sources: [issue(SDK, 109), issue(SDK, 39)],
    matches: (state, model) => has(state, (n) => miscased(n, model)),
    apply: (state, model) =>
      rewrite(state, (node) => mapNode(node, (n) => (miscased(n, model) && n.kind === 'property' ? { ...n, name: canonicalName(n.name, model)! } : n))),
  },
  {
    id: 'in-operator-500',
    trigger: '`in`, e.g. `operatingSystem in (\'Windows\',\'macOS\')`',
    intune: '`500 InternalServerError` ("An internal server error has occurred")',
    sources: ['https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/2766'],
    matches: (state) => has(state, (n) => n.kind === 'in'),
    apply: () => ({ failure: { status: 500, code: 'InternalServerError', text: 'An internal server error has occurred' } }),
  },
  {
    id: 'or-across-properties-is-and',
    trigger: '`or` between conditions on different properties, e.g. `serialNumber eq \'A\' or deviceName eq \'B\'`',
    intune: 'Treats the `or` as `and`',
    sources: [issue(SDK, 109), issue('microsoftgraph/powershell-intune-samples', 188)],
    matches: (state) => has(state, isCrossPropertyOr),
    apply: (state) => rewrite(state, (node) => mapNode(node, (n) => (isCrossPropertyOr(n) && n.kind === 'logical' ? { ...n, op: 'and' } : n))),
  },
  {
    id: 'unsupported-property-ignored',
    trigger: 'A condition on a property Intune does not filter on (not in its list), e.g. `userId`, `deviceEnrollmentType`, beta `skuFamily`',
    intune: 'Ignores the condition, no error: alone, it answers every device',
    sources: [issue(DOCS, 16027), issue(DOCS_CONTRIB, 235), 'https://github.com/microsoftgraph/microsoft-graph-explorer-v4/issues/3125', issue(SDK, 39)],
    matches: (state, model) => state.node !== undefined && [...propertiesOf(state.node)].some((p) => unsupported(p, model)),
    apply: (state, model) => rewrite(state, (node) => pruneUnsupported(node, model)),
  },
  {
    id: 'azure-ad-device-id-or-first-only',
    trigger: '`azureADDeviceId eq \'a\' or azureADDeviceId eq \'b\'`',
    intune: 'Applies only the first comparison',
    sources: ['https://github.com/microsoftgraph/msgraph-beta-sdk-dotnet/issues/1156'],
    matches: (state) => has(state, isAzureIdOr),
    apply: (state) =>
      rewrite(state, function first(node: FilterNode): FilterNode {
        if (isAzureIdOr(node)) {
          let n = node;
          while (n.kind === 'logical' && n.op === 'or') n = n.left;
          return n;
        }
        switch (node.kind) {
          case 'logical':
            return { ...node, left: first(node.left), right: first(node.right) };
          case 'not':
            return { ...node, operand: first(node.operand) };
          default:
            return node;
        }
      }),
  },
  {
    id: 'ne-is-eq',
    trigger: '`ne` on a property whose description does not list it, e.g. `managedDeviceOwnerType ne \'company\'`, `operatingSystem ne \'iOS\'`',
    intune: 'Treats `ne` as `eq` (confirmed by the product team, docs #9953)',
    sources: [issue(DOCS, 9953), issue(SDK, 114), issue(DOCS, 15693)],
    matches: (state) => has(state, neWithoutNe),
    apply: (state) => rewrite(state, (node) => mapNode(node, (n) => (neWithoutNe(n) && n.kind === 'compare' ? { ...n, op: 'eq' } : n))),
  },
  {
    id: 'startswith-is-contains',
    trigger: '`startswith(deviceName,\'C-\')`',
    intune: 'Treats `startswith` as `contains`',
    sources: [issue(DOCS, 11809), issue(DOCS, 21956)],
    matches: (state) => has(state, (n) => n.kind === 'call' && n.name === 'startswith'),
    apply: (state) => rewrite(state, (node) => mapNode(node, (n) => (n.kind === 'call' && n.name === 'startswith' ? { ...n, name: 'contains' } : n))),
  },
  {
    id: 'upn-eq-is-substring',
    trigger: '`userPrincipalName eq \'abcd@contoso.com\'`',
    intune: 'Matches every UPN that contains the value (`1234abcd@contoso.com` too; `eq \'\'`: every device). Devices were wiped because of it (#39)',
    sources: [issue(SDK, 39), issue(DOCS_CONTRIB, 1391)],
    matches: (state) => has(state, upnEquals),
    apply: (state) =>
      rewrite(state, (node) =>
        mapNode(node, (n) => {
          if (!upnEquals(n) || n.kind !== 'compare') return n;
          const [property, literal] = n.left.kind === 'property' ? [n.left, n.right] : [n.right, n.left];
          return { kind: 'call', name: 'contains', args: [property, literal], pos: n.pos };
        }),
      ),
  },
];

/** Intune's `500` for a filter it cannot run; the Graph layer answers it in Intune's error format. */
export class IntuneFilterFailure extends Error {
  override readonly name = 'IntuneFilterFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly quirk: string,
  ) {
    super(message);
  }
}

export interface DialectRun {
  /** The `$filter` text as sent. */
  text: string;
  /** Its AST; `undefined` when the text is empty. */
  node: FilterNode | undefined;
  model: EntityModel;
  dialect: ODataDialect;
  /** Called for each quirk whose trigger matches, before anything is thrown. */
  report(quirk: FilterQuirk): void;
}

/**
 * The filter to run on managedDevices (`undefined`: none). `strict`: the filter as sent (an empty one
 * throws OData's syntax error). `intune`: Intune's version, or an {@link IntuneFilterFailure}. Either way
 * every matching quirk is reported; after one whose Intune answer is a failure, nothing more matters.
 */
export function runFilterDialect(run: DialectRun): FilterNode | undefined {
  let state: FilterState = { text: run.text, node: run.node };
  for (const quirk of INTUNE_FILTER_QUIRKS) {
    if (!quirk.matches(state, run.model)) continue;
    run.report(quirk);
    const next = quirk.apply(state, run.model);
    if ('failure' in next) {
      if (run.dialect === 'intune') throw new IntuneFilterFailure(next.failure.status, next.failure.code, next.failure.text, quirk.id);
      break;
    }
    state = next;
  }
  if (run.dialect === 'intune') return state.node;
  return run.node ?? parseFilter(run.text);
}
