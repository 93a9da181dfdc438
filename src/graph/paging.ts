/**
 * Server-driven paging (docs/graph-fidelity.md#paging, Graph `concepts/paging.md`): pages of at most 1000 items
 * (Intune's size) or `$top`, and an absolute `@odata.nextLink` that repeats the original query options
 * plus an opaque `$skiptoken`.
 *
 * LIMITATIONS: the token encodes a position in the result, so a device added or deleted between two
 * page requests can shift the following pages by one (real Intune's token format is not public).
 */
import { ODataQueryError } from './odata/errors.js';

export const MAX_PAGE_SIZE = 1000;

const PREFIX = 'im1.';

export function encodeSkipToken(offset: number): string {
  return PREFIX + Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeSkipToken(token: string): number {
  const fail = () => new ODataQueryError(`The $skiptoken value '${token}' is not valid. Follow the @odata.nextLink of a previous page.`);
  if (!token.startsWith(PREFIX)) throw fail();
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  if (!m?.[1]) throw fail();
  return Number(m[1]);
}

/**
 * The query string of the next page: the client's own options as it encoded them, without any previous
 * `$skiptoken`, then the new one.
 */
export function nextPageQuery(rawUrl: string, offset: number): string {
  const q = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  const kept = q
    .split('&')
    .filter((part) => part !== '' && safeDecode(part.split('=')[0] ?? '').toLowerCase() !== '$skiptoken');
  kept.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return kept.join('&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
