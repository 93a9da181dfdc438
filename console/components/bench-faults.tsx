/**
 * The Test bench's fault rules (docs/simulation.md#control-api; README "### Faults"): the tenant's rules as
 * `GET /_mock/faults` lists them, a form with every field of a rule (`POST /_mock/faults`), `Remove` one
 * (`DELETE /_mock/faults/{id}`) and `Remove all` (`DELETE /_mock/faults`). The form checks nothing itself:
 * the control API validates the rule and its refusal is shown in its words, so the page never disagrees with it.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLiveData, useSession } from '../session.js';
import { ErrorBox, Loading, Section, show } from './ui.js';

interface FaultRule {
  id: string;
  method: string;
  path: string;
  operation?: string;
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  answeredBy?: 'intune' | 'graph';
  latencyMs?: number;
  times: number;
  probability?: number;
  seed?: string | number;
  fired: number;
}

/** The form's fields, in the rule schema's order; `number` ones are sent as numbers when they read as one. */
const FIELDS: { name: string; label: string; kind: 'text' | 'number'; hint?: string }[] = [
  { name: 'path', label: 'Path', kind: 'text', hint: '* within a segment, ** across' },
  { name: 'operation', label: 'Operation', kind: 'text', hint: 'e.g. resetPasscode' },
  { name: 'status', label: 'Status', kind: 'number' },
  { name: 'code', label: 'Error code', kind: 'text' },
  { name: 'message', label: 'Message', kind: 'text' },
  { name: 'retryAfterSeconds', label: 'Retry-After (seconds)', kind: 'number' },
  { name: 'latencyMs', label: 'Latency (ms)', kind: 'number' },
  { name: 'times', label: 'Times', kind: 'number' },
  { name: 'probability', label: 'Probability', kind: 'number' },
  { name: 'seed', label: 'Seed', kind: 'text' },
];
const METHODS = ['*', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

type Values = Record<string, string>;
const EMPTY: Values = { method: '*', answeredBy: '', path: '/v1.0/deviceManagement/managedDevices/**', status: '503', times: '1' };

/** The rule to send: blank fields left out (the API's defaults apply), numbers as numbers. */
export function ruleFromForm(values: Values): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  if (values.method) rule.method = values.method;
  if (values.answeredBy) rule.answeredBy = values.answeredBy;
  for (const field of FIELDS) {
    const raw = (values[field.name] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    rule[field.name] = field.kind === 'number' && Number.isFinite(n) ? n : raw;
  }
  return rule;
}

export function FaultsSection() {
  const { api, live } = useSession();
  const faults = useLiveData((a) => a.control<{ faults: FaultRule[] }>('GET', '/faults'), []);
  const [values, setValues] = useState<Values>(EMPTY);
  const [outcome, setOutcome] = useState<{ said?: string; error?: Error }>({});
  const [busy, setBusy] = useState(false);
  const { reload } = faults;
  // A rule fires on a Graph request (its `fired` count, a spent rule gone): the journal's events say one came.
  useEffect(() => {
    const offs = [live.on('requests', reload), live.on('faults', reload), live.on('cleared', reload)];
    return () => offs.forEach((off) => off());
  }, [live, reload]);

  const run = async (call: () => Promise<unknown>, said: string) => {
    setBusy(true);
    try {
      await call();
      setOutcome({ said });
    } catch (err) {
      setOutcome({ error: err instanceof Error ? err : new Error(String(err)) });
    } finally {
      setBusy(false);
      reload();
    }
  };
  const add = (e: Event) => {
    e.preventDefault();
    void run(() => api.control('POST', '/faults', ruleFromForm(values)), 'Fault rule added');
  };
  const set = (name: string) => (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const rules = faults.data?.faults ?? [];

  return (
    <Section title="Faults" id="bench-faults">
      <ErrorBox error={faults.error} />
      {faults.data === undefined && !faults.error ? <Loading what="the fault rules" /> : null}
      <table aria-label="Fault rules">
        <thead>
          <tr><th>Id</th><th>Method</th><th>Path</th><th>Operation</th><th>Status</th><th>Code</th><th>Retry-After</th><th>Latency</th><th>Fired</th><th><span class="visually-hidden">Remove</span></th></tr>
        </thead>
        <tbody>
          {rules.length === 0 ? <tr><td colSpan={10} class="muted">No fault rules: Graph answers as usual.</td></tr> : null}
          {rules.map((r) => (
            <tr key={r.id}>
              <td><code>{r.id.slice(0, 8)}</code></td>
              <td>{r.method}</td>
              <td><code>{r.path}</code></td>
              <td>{show(r.operation)}</td>
              <td>{show(r.status)}</td>
              <td>{show(r.code ?? (r.answeredBy ? `(${r.answeredBy})` : undefined))}</td>
              <td>{r.retryAfterSeconds === undefined ? '—' : `${r.retryAfterSeconds} s`}</td>
              <td>{r.latencyMs === undefined ? '—' : `${r.latencyMs} ms`}</td>
              <td>{r.fired} of {r.times}{r.probability === undefined ? '' : ` (p ${r.probability})`}</td>
              <td><button type="button" disabled={busy} onClick={() => void run(() => api.control('DELETE', `/faults/${encodeURIComponent(r.id)}`), 'Fault rule removed')}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" disabled={busy || rules.length === 0} onClick={() => void run(() => api.control('DELETE', '/faults'), 'All fault rules removed')}>Remove all</button>
      </p>
      <form class="fault-form" aria-label="Add a fault rule" noValidate onSubmit={add}>
        <h3>Add a fault rule</h3>
        <div class="fields">
          <label>
            Method
            <select value={values.method} onChange={set('method')}>{METHODS.map((m) => <option key={m} value={m}>{m}</option>)}</select>
          </label>
          {FIELDS.map((f) => (
            <label key={f.name}>
              {f.label}
              {f.kind === 'number'
                ? <input type="number" step="any" value={values[f.name] ?? ''} onInput={set(f.name)} />
                : <input type="text" value={values[f.name] ?? ''} placeholder={f.hint} spellcheck={false} required={f.name === 'path'} onInput={set(f.name)} />}
            </label>
          ))}
          <label>
            Answered by
            <select value={values.answeredBy} onChange={set('answeredBy')}>
              <option value="">Default (Intune for 429, else Graph)</option>
              <option value="intune">Intune</option>
              <option value="graph">Graph</option>
            </select>
          </label>
        </div>
        <button type="submit" class="primary" disabled={busy}>Add fault rule</button>
      </form>
      {outcome.said && !outcome.error ? <p class="notice" role="status">{outcome.said}</p> : null}
      <ErrorBox error={outcome.error} />
    </Section>
  );
}
