/**
 * The console's views by the URL's hash, so the back button, a reload and a shared link all work without
 * the server knowing the routes: `#/devices?platform=android`, `#/devices/<id>`, `#/devices/<id>/screen`,
 * `#/actions`, `#/bench`. The tenant is in the query (`/_mock/console?tenant=job-a`), not the hash.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'devices'; query: URLSearchParams }
  | { view: 'device'; id: string }
  | { view: 'screen'; id: string }
  | { view: 'actions' }
  | { view: 'bench' }
  | { view: 'notFound'; hash: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'devices')) return { view: 'devices', query: new URLSearchParams(search) };
  if (parts[0] === 'devices' && parts.length === 2) return { view: 'device', id: parts[1]! };
  if (parts[0] === 'devices' && parts.length === 3 && parts[2] === 'screen') return { view: 'screen', id: parts[1]! };
  if (parts.length === 1 && parts[0] === 'actions') return { view: 'actions' };
  if (parts.length === 1 && parts[0] === 'bench') return { view: 'bench' };
  return { view: 'notFound', hash };
}

/** Links to the views. */
export const href = {
  devices: (query?: URLSearchParams) => `#/devices${query && query.size > 0 ? `?${query}` : ''}`,
  device: (id: string) => `#/devices/${encodeURIComponent(id)}`,
  screen: (id: string) => `#/devices/${encodeURIComponent(id)}/screen`,
  actions: () => '#/actions',
  bench: () => '#/bench',
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
