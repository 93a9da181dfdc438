/**
 * Server-driven paging (docs/graph-fidelity.md#paging, Graph `concepts/paging.md`): pages of at most 1000 items
 * (Intune's size) or `$top`, and an absolute `@odata.nextLink` that repeats the original query options
 * plus a `$skiptoken` in Intune's own form, `Skip='N'`: the position of the next page's first match. The
 * admin center pages managed devices with `$skipToken=Skip='0'`, and Intune's autopilot nextLinks carry
 * `$skiptoken=LastSerialNumber%3d'…'` (docs-contrib #5311), so a client that reads or writes the token
 * sees what Intune gives it.
 *
 * LIMITATIONS: the token is a position in the result, so a device added or deleted between two page
 * requests can shift the following pages by one.
 */
import { ODataQueryError } from './odata/errors.js';
import { decodeOrKeep } from '../lib/decode.js';

export const MAX_PAGE_SIZE = 1000;

const TOKEN = /^skip='(\d{1,15})'$/i;

export function encodeSkipToken(offset: number): string {
  return `Skip='${offset}'`;
}

/** The position a `$skiptoken` names; Graph's 400 for anything but `Skip='N'`. */
export function decodeSkipToken(token: string): number {
  const n = Number(TOKEN.exec(token)?.[1]);
  if (!Number.isSafeInteger(n)) {
    throw new ODataQueryError(`The $skiptoken value '${token}' is not valid: expected Skip='N' with N a non-negative integer, as in an @odata.nextLink.`);
  }
  return n;
}

/**
 * The query string of the next page: the client's own options as it encoded them, without any previous
 * `$skiptoken` (however spelled), then the new one, percent-encoded as Intune's nextLinks are.
 */
export function nextPageQuery(rawUrl: string, offset: number): string {
  const q = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  const kept = q
    .split('&')
    .filter((part) => part !== '' && decodeOrKeep(part.split('=')[0] ?? '').toLowerCase() !== '$skiptoken');
  kept.push(`$skiptoken=${encodeURIComponent(encodeSkipToken(offset)).replace(/'/g, '%27')}`);
  return kept.join('&');
}
