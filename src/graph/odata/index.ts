/** The OData query engine: `$filter`, `$orderby`, `$select`, `$top`/`$skip`/`$count` and paging. Framework-free. */
export type { EntityModel, PropertyKind, PropertyModel } from '../../schemas/entity-model.js';
export { ODataQueryError } from './errors.js';
export { tokenize, FilterLexer, OPERATOR_KEYWORDS, type Token, type TokenKind, type OperatorKeyword } from './filter-lexer.js';
export {
  parseFilter,
  filterToString,
  type FilterNode,
  type LiteralNode,
  type ComparisonOperator,
  type LogicalOperator,
  type FilterFunctionName,
} from './filter-parser.js';
export { compileFilter } from './filter-eval.js';
export { parseOrderBy, compileComparator, type OrderByKey, type SortDirection } from './orderby.js';
export { parseQueryOptions, type FilterDialect, type QueryOptions, type RawQuery } from './query-options.js';
export { selectPage, type SelectPageArgs, type PageResult } from './page.js';
export { keptOrderPage, MIN_INDEXED, type IndexScope, type KeptOrderArgs } from './sort-index.js';
