/**
 * The Test bench's throttling report (`GET /_mock/throttling`, docs/throttling.md#conformance): the limits in
 * force, the windows ending now, and per client (the token's app id) the 429s with Retry-After it was sent and
 * how it retried: honoured, or too early (each violation with its journal id). With `--throttling off` the mock
 * throttles and records nothing, and the section says so rather than showing empty tables.
 */
import { useEffect } from 'preact/hooks';
import { useLiveData, useSession } from '../session.js';
import { ErrorBox, Loading, Section, show } from './ui.js';

interface Window { used: number; limit: number; resetsInSeconds: number }
interface Violation { journalId: string | null; throttledJournalId: string | null; earlyBySeconds: number; method: string; path: string }
interface Client {
  appId: string; throttled: number; throttledByLimits: number; throttledByFaults: number; retries: number;
  honouredRetries: number; violationCount: number; violations: Violation[]; worstEarlyRetrySeconds: number | null; retryDue: string | null;
}
interface Report {
  mode: 'intune' | 'off';
  limits: { perAppWrites: number; perAppRequests: number; perTenantWrites: number; perTenantRequests: number; windowSeconds: number };
  windows: { perTenantWrites: Window; perTenantRequests: Window; perApp: { appId: string; perAppWrites: Window; perAppRequests: Window }[] };
  clients: Client[];
}

const usage = (w: Window) => `${w.used.toLocaleString('en-US')} of ${w.limit.toLocaleString('en-US')}`;

export function ThrottlingSection() {
  const { live } = useSession();
  const report = useLiveData((api) => api.control<Report>('GET', '/throttling'), []);
  const { reload } = report;
  // Requests fill the windows and the report without changing the tenant's state: reload on the journal's events.
  useEffect(() => live.on('requests', reload), [live, reload]);
  const r = report.data;
  return (
    <Section title="Throttling" id="bench-throttling">
      <ErrorBox error={report.error} />
      {!r ? (report.error ? null : <Loading what="the throttling report" />) : r.mode === 'off' ? (
        <p>Throttling is off (<code>--throttling off</code>): no request is throttled and no Retry-After report is kept.</p>
      ) : (
        <>
          <p>
            Intune's limits per {r.limits.windowSeconds} s window: writes {usage(r.windows.perTenantWrites)} and requests {usage(r.windows.perTenantRequests)} for
            the tenant; per app {r.limits.perAppWrites.toLocaleString('en-US')} writes and {r.limits.perAppRequests.toLocaleString('en-US')} requests.
          </p>
          <table aria-label="Retry-After report">
            <thead>
              <tr><th>App id</th><th>429s sent (limits / faults)</th><th>Retries honoured</th><th>Retried too early</th><th>Worst early retry</th><th>Retry due</th><th>Violations (journal ids)</th></tr>
            </thead>
            <tbody>
              {r.clients.length === 0 ? <tr><td colSpan={7} class="muted">No client has been sent a 429 with Retry-After.</td></tr> : null}
              {r.clients.map((c) => (
                <tr key={c.appId}>
                  <td><code>{c.appId}</code></td>
                  <td>{c.throttled} ({c.throttledByLimits} / {c.throttledByFaults})</td>
                  <td>{c.honouredRetries}</td>
                  <td class={c.violationCount > 0 ? 'status-bad' : undefined}>{c.violationCount}</td>
                  <td>{c.worstEarlyRetrySeconds === null ? '—' : `${c.worstEarlyRetrySeconds} s`}</td>
                  <td>{show(c.retryDue)}</td>
                  <td>{c.violations.length === 0 ? '—' : c.violations.slice(-5).map((v) => `${v.method} ${v.path} ${v.earlyBySeconds} s early (${v.journalId ?? '?'})`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}
