/**
 * The one error type of the OData query engine. The HTTP layer maps it to a Graph `400 BadRequest`
 * whose `error.message` is this message verbatim, so messages are phrased like the ones Microsoft
 * Graph (OData .NET / ODL) returns and always point at the offending option, property or position.
 */
export class ODataQueryError extends Error {
  override readonly name = 'ODataQueryError';
  /**
   * 1-based character position in the query option text, when the problem has one (syntax errors).
   * 1-based because that is what the message shows: `'operatingSystem eq'` has 18 characters, and the
   * missing operand is reported "at position 19", one past the end.
   */
  readonly position: number | undefined;

  constructor(message: string, position?: number) {
    super(message);
    this.position = position;
  }
}

/** `Syntax error at position N in 'text'.` (N is 1-based); `detail` is an optional extra sentence. */
export function syntaxError(text: string, offset: number, detail?: string): ODataQueryError {
  const message = `Syntax error at position ${offset + 1} in '${text}'.`;
  return new ODataQueryError(detail === undefined ? message : `${message} ${detail}`, offset + 1);
}

/** An error with a position that is not a plain syntax error, e.g. an unterminated string literal. */
export function positionedError(what: string, text: string, offset: number, detail?: string): ODataQueryError {
  const message = `${what} at position ${offset + 1} in '${text}'.`;
  return new ODataQueryError(detail === undefined ? message : `${message} ${detail}`, offset + 1);
}
