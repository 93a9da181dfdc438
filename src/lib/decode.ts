/**
 * A URL component decoded, or as it was when it is not valid percent-encoding (`%zz`, a lone `%`): paths and
 * queries are the client's, and a malformed escape must not turn an answer into a 500.
 */
export function decodeOrKeep(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
