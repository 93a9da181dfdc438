/**
 * The Test bench's request journal, live (docs/console.md#live-updates): the tenant's Graph and token requests
 * as `GET /_mock/requests` holds them when the view opens, then as the event stream's `requests` events bring
 * them, newest first. Only the last ROW_LIMIT rows are kept: the page stays light while a load test runs (the
 * whole journal, and each entry's headers and body, stay one `GET /_mock/requests` away).
 */
import { useEffect, useState } from 'preact/hooks';
import type { RequestSummary } from '../live.js';
import { useSession } from '../session.js';
import { ErrorBox, Section } from './ui.js';

export const ROW_LIMIT = 200;

/** Rows newest first, without duplicates (the stream may repeat what the first GET already had). */
export function mergeNewest(rows: RequestSummary[], arrivals: RequestSummary[]): RequestSummary[] {
  const seen = new Set(rows.map((r) => r.id));
  const fresh = arrivals.filter((r) => !seen.has(r.id) && (seen.add(r.id), true)).reverse();
  return fresh.length === 0 ? rows : [...fresh, ...rows].slice(0, ROW_LIMIT);
}

export function RequestsSection() {
  const { api, live } = useSession();
  const [rows, setRows] = useState<RequestSummary[]>([]);
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<Error | undefined>();
  const [clearing, setClearing] = useState(false);

  useEffect(() => {
    let open = true;
    // Entries the stream brought since the last GET was sent (merged into its answer), or undefined when none is out.
    let since: RequestSummary[] | undefined;
    let generation = 0;
    // The journal read afresh, replacing the rows: when the view opens and on every (re)connect of the stream
    // (`hello`), as the mock may have restarted (its entry ids start again at 1: old rows would hide new ones)
    // or entries were recorded while the stream was down.
    const load = () => {
      const mine = ++generation;
      since = [];
      api.control<{ requests: RequestSummary[]; dropped: number }>('GET', '/requests').then(
        (journal) => {
          if (!open || mine !== generation) return;
          const arrived = since ?? [];
          since = undefined;
          setRows(mergeNewest(mergeNewest([], journal.requests.slice(-ROW_LIMIT)), arrived));
          setDropped(journal.dropped);
          setError(undefined);
        },
        (err: unknown) => open && mine === generation && setError(err instanceof Error ? err : new Error(String(err))),
      );
    };
    // Subscribed before the GET is sent: an entry recorded meanwhile comes by one or the other (or both: merged).
    const offs = [
      live.on('requests', (e) => {
        since?.push(...e.entries);
        setRows((r) => mergeNewest(r, e.entries));
      }),
      live.on('cleared', (e) => {
        if (e.what === 'journal' || e.what === 'tenant') {
          setRows([]);
          setDropped(0);
          if (since) load(); // the answer out may hold what was just cleared: ask again
        }
      }),
      live.on('hello', load),
    ];
    load();
    return () => {
      open = false;
      offs.forEach((off) => off());
    };
  }, [api, live]);

  const clear = async () => {
    setClearing(true);
    try {
      await api.control('DELETE', '/requests');
      // The stream's `cleared` says so too; emptied here as well so the page does not wait on it.
      setRows([]);
      setDropped(0);
      setError(undefined);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setClearing(false);
    }
  };

  return (
    <Section title="Requests" id="bench-requests">
      <p class="muted">
        The tenant's Graph and token requests, newest first (the last {ROW_LIMIT}); the whole journal: <code>GET /_mock/requests</code>.
        {dropped > 0 ? ` ${dropped.toLocaleString('en-US')} older ones are no longer kept.` : ''}
      </p>
      <p><button type="button" onClick={() => void clear()} disabled={clearing}>Clear</button></p>
      <ErrorBox error={error} />
      <table aria-label="Requests">
        <thead>
          <tr><th>Time</th><th>Kind</th><th>Method</th><th>Path</th><th>Status</th><th>Throttling</th></tr>
        </thead>
        <tbody>
          {rows.length === 0 ? <tr><td colSpan={6} class="muted">No requests yet.</td></tr> : null}
          {rows.map((r) => (
            <tr key={r.id}>
              <td><time dateTime={r.time}>{r.time}</time></td>
              <td>{r.kind}</td>
              <td>{r.method}</td>
              <td class="path"><code>{r.path}</code></td>
              <td class={r.status >= 400 ? 'status-bad' : undefined}>{r.status}</td>
              <td>{r.throttling ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
