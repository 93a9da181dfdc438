/**
 * The console's session: which tenant it shows (from the page URL's `tenant`, else the default tenant), the
 * control key the user typed (kept in this tab only: sessionStorage), the API and the tenant's live stream.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from './api.js';
import { Live } from './live.js';

export const DEFAULT_TENANT = 'contoso.onmicrosoft.com';
const KEY_STORAGE = 'intune-mock.control-key';
const RECENT_STORAGE = 'intune-mock.recent-tenants';

export interface Session {
  api: Api;
  live: Live;
  tenant: string;
  setTenant(tenant: string): void;
  setKey(key: string): void;
  recentTenants(): string[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}

function storage(kind: 'session' | 'local'): Storage | undefined {
  try {
    return kind === 'session' ? sessionStorage : localStorage;
  } catch {
    return undefined; // storage blocked: the console still works, it just forgets
  }
}

export function initialTenant(): string {
  return new URLSearchParams(location.search).get('tenant')?.trim() || DEFAULT_TENANT;
}

/** Builds the session state (the App's): a new Api and Live whenever the tenant or key changes. */
export function useSessionState(): Session {
  const [tenant, setTenantState] = useState(initialTenant);
  const [key, setKeyState] = useState(() => storage('session')?.getItem(KEY_STORAGE) ?? undefined);
  const [pair] = useState(() => new Map<string, { api: Api; live: Live }>());
  const id = `${tenant}\n${key ?? ''}`;
  let current = pair.get(id);
  if (!current) {
    for (const old of pair.values()) old.live.stop();
    pair.clear();
    const api = new Api({ tenant, key });
    current = { api, live: new Live(api) };
    pair.set(id, current);
  }
  const { api, live } = current;
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  return {
    api,
    live,
    tenant,
    setTenant(next) {
      const name = next.trim() || DEFAULT_TENANT;
      const url = new URL(location.href);
      if (name === DEFAULT_TENANT) url.searchParams.delete('tenant');
      else url.searchParams.set('tenant', name);
      history.replaceState(null, '', url);
      const recent = [name, ...recentTenants().filter((t) => t !== name)].slice(0, 10);
      storage('local')?.setItem(RECENT_STORAGE, JSON.stringify(recent));
      setTenantState(name);
    },
    setKey(next) {
      storage('session')?.setItem(KEY_STORAGE, next);
      setKeyState(next);
    },
    recentTenants,
  };
}

function recentTenants(): string[] {
  try {
    const list = JSON.parse(storage('local')?.getItem(RECENT_STORAGE) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Data a view shows, loaded when the view opens, when `deps` change, and again on every change the tenant's
 * live stream announces (so what an integration does through Graph appears without a reload). A slower
 * earlier answer never overwrites a later one.
 */
export function useLiveData<T>(load: (api: Api) => Promise<T>, deps: readonly unknown[], options: { live?: boolean } = {}): Loaded<T> {
  const { api, live } = useSession();
  const [state, setState] = useState<{ data: T | undefined; error: Error | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const sequence = useRef(0);
  // A live change while a load is out waits for it (one load then, for all the changes meanwhile): a busy tenant
  // announces a change every 200 ms, and a list over 100,000 devices can take longer than that to answer.
  const busy = useRef(false);
  const again = useRef(false);
  const latest = useRef<() => void>(() => undefined);
  const run = () => {
    const mine = ++sequence.current;
    busy.current = true;
    again.current = false;
    setState((s) => ({ ...s, loading: true }));
    load(api).then(
      (data) => mine === sequence.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => mine === sequence.current && setState((s) => ({ data: s.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    ).finally(() => {
      if (mine !== sequence.current) return;
      busy.current = false;
      if (again.current) latest.current();
    });
  };
  latest.current = run;
  const onChange = () => {
    if (busy.current) again.current = true;
    else run();
  };
  useEffect(run, [api, ...deps]);
  useEffect(() => (options.live === false ? undefined : live.on('change', onChange)), [live, ...deps]);
  // Gone: an answer still out neither updates nor loads again.
  useEffect(() => () => void ++sequence.current, []);
  return { ...state, reload: run };
}

export { ApiError };
