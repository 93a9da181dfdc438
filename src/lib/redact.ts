/**
 * Secrets never reach the journal or the log (docs/simulation.md#request-journal): a client may send its
 * client secret, assertion, password or a token in a form body, in JSON, or in the URL's query string
 * (`?client_secret=…`), under a bracketed key as qs-style
 * encoders write it (`client_secret[]=…`, `creds[client_secret]=…`), in any case. One test decides what a
 * secret is, for every place it may appear.
 */

/**
 * Names whose value is a credential: OAuth 2.0's (https://www.rfc-editor.org/rfc/rfc6749, the assertion
 * grants of https://www.rfc-editor.org/rfc/rfc7521, PKCE's verifier, the device code), OIDC's `id_token`,
 * and Graph's `clientSecret`.
 */
const SECRET_NAMES = new Set([
  'client_secret', 'clientsecret', 'client_assertion', 'assertion', 'password', 'refresh_token', 'access_token', 'id_token',
  'code', 'device_code', 'code_verifier',
]);

export const REDACTED = '<redacted>';

/**
 * Whether a key names a secret: compared without case, and part by part for bracketed or dotted keys
 * (`client_secret[]`, `a[client_secret]`, `a.client_secret`), so no encoder's spelling slips through.
 */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_NAMES.has(lower.trim())) return true;
  if (!/[[\].]/.test(lower)) return false;
  return lower.split(/[[\].]+/).some((part) => SECRET_NAMES.has(part.trim()));
}

/** Cheap pre-check: a URL in which no secret's name can occur (even percent-encoded) is kept as it is. */
const HINT = /secret|assertion|password|token|code/i;

/**
 * A URL, path or query string with the value of every secret-named parameter replaced by `<redacted>`.
 * Parameters are found between `?`, `&`, `;` and `/`, also when the separators or the `=` are
 * percent-encoded (`%3Fclient_secret%3Dx` in a path); the rest is kept byte for byte as sent.
 */
export function redactUrl(raw: string, depth = 0): string {
  // The hint is looked for in the decoded text too: `client_%73ecret` is `client_secret`.
  if (depth > 2 || !(HINT.test(raw) || (raw.includes('%') && HINT.test(decode(raw))))) return raw;
  return raw.split(/([?&;/])/).map((piece) => redactPiece(piece, depth)).join('');
}

function redactPiece(piece: string, depth: number): string {
  const eq = piece.indexOf('=');
  if (eq !== -1) {
    // The key's last parameter: `%3Fclient_secret=` decodes to `?client_secret`.
    if (isSecretKey(decode(piece.slice(0, eq)).split(/[?&;/]/).pop() ?? '')) return `${piece.slice(0, eq)}=${REDACTED}`;
    const value = piece.slice(eq + 1);
    const inner = /%(3D|26|3F|3B|2F)/i.test(value) ? redactUrl(decode(value), depth + 1) : undefined;
    return inner !== undefined && inner !== decode(value) ? `${piece.slice(0, eq)}=${inner}` : piece;
  }
  if (!/%(3D|26|3F|3B|2F)/i.test(piece)) return piece;
  // Encoded separators: look again in the decoded text; keep the piece as sent when nothing was secret.
  const decoded = decode(piece);
  const redacted = redactUrl(decoded, depth + 1);
  return redacted === decoded ? piece : redacted;
}

/** `+` is a space in a query string; a malformed escape is kept as it is. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * The URL with the value of each query parameter named `name` (as a query parser reads the name: decoded, case
 * kept) replaced by `<redacted>`: the control key's `key` on `/_mock/events` (docs/security.md#control-key),
 * which is a secret of the mock's, not a client credential, so it is not in SECRET_NAMES (a Graph query's
 * `key` is no secret).
 */
export function redactQueryParameter(url: string, name: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url.slice(q + 1);
  if (!query.includes(name) && !query.includes('%')) return url;
  return url.slice(0, q + 1) + query.split('&').map((piece) => {
    const eq = piece.indexOf('=');
    return eq !== -1 && decode(piece.slice(0, eq)) === name ? `${piece.slice(0, eq)}=${REDACTED}` : piece;
  }).join('&');
}
