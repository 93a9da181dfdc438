/**
 * The Test bench (docs/console.md#test-bench): what a test sets up around the fleet, each piece through the
 * public control API as a test would call it: the tenant (and the id its name resolves to), the tenant's mock
 * clock, fault rules, the request journal (live) and the throttling report (docs/throttling.md).
 */
import { useState } from 'preact/hooks';
import { useLiveData, useSession } from '../session.js';
import { ErrorBox, Loading, Section, TenantSwitcher } from '../components/ui.js';
import { FaultsSection } from '../components/bench-faults.js';
import { RequestsSection } from '../components/bench-requests.js';
import { ThrottlingSection } from '../components/bench-throttling.js';

interface Clock {
  now: string;
  tenant: string;
}

export function TestBenchView() {
  // GET /_mock/clock names the resolved tenant id too: one call for both sections.
  const clock = useLiveData((api) => api.control<Clock>('GET', '/clock'), []);
  return (
    <>
      <h1>Test bench</h1>
      <Section title="Tenant" id="bench-tenant">
        <TenantSwitcher id="bench-tenant-name" />
        <p>
          Tenant id: {clock.data ? <code>{clock.data.tenant}</code> : <span class="muted">…</span>}
        </p>
      </Section>
      <ClockSection clock={clock.data} error={clock.error} reload={clock.reload} />
      <FaultsSection />
      <RequestsSection />
      <ThrottlingSection />
    </>
  );
}

/** The tenant's clock (docs/simulation.md#mock-clock): moved forward only, everything due happens in order. */
function ClockSection({ clock, error, reload }: { clock: Clock | undefined; error: Error | undefined; reload(): void }) {
  const { api } = useSession();
  const [seconds, setSeconds] = useState('60');
  const [allTenants, setAllTenants] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ now?: string; error?: Error }>({});
  const advance = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      // The API validates the number (0 ≤ n ≤ 10 years) and words the refusal: no second set of rules here.
      const n = seconds.trim() === '' ? Number.NaN : Number(seconds);
      const answer = await api.control<Clock>('POST', '/clock', { advanceSeconds: Number.isFinite(n) ? n : seconds, ...(allTenants ? { allTenants: true } : {}) });
      setResult({ now: answer.now });
      reload();
    } catch (err) {
      setResult({ error: err instanceof Error ? err : new Error(String(err)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Clock" id="bench-clock">
      <ErrorBox error={error} />
      {clock ? (
        <p>
          The tenant's time: <time dateTime={clock.now}>{clock.now}</time>
        </p>
      ) : error ? null : <Loading what="the clock" />}
      <form class="inline-form" noValidate onSubmit={advance}>
        <label>
          Advance by (seconds)
          <input type="number" min={0} step="any" value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} />
        </label>
        <label>
          <input type="checkbox" checked={allTenants} onChange={(e) => setAllTenants(e.currentTarget.checked)} />
          All tenants
        </label>
        <button type="submit" class="primary" disabled={busy}>Advance clock</button>
      </form>
      {result.now && !result.error ? <p class="notice" role="status">Clock advanced to {result.now}</p> : null}
      <ErrorBox error={result.error} />
    </Section>
  );
}
