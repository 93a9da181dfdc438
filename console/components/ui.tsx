/** Small pieces every view uses: errors in the API's words, the control-key prompt, loading, property lists. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { useSession } from '../session.js';

/** An error as the API worded it (its code and message), with the control-key form when that is what is missing. */
export function ErrorBox({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div class="error" role="alert">
      <strong>{code ?? 'Error'}</strong>: {error.message}
      {problems(error).length > 0 ? (
        <ul class="error-details">{problems(error).map((p, i) => <li key={i}>{p.path ? <code>{p.path}</code> : null} {p.message}</li>)}</ul>
      ) : null}
      {code === 'controlKeyRequired' || code === 'controlKeyInvalid' ? <KeyForm /> : null}
    </div>
  );
}

/** The problems a refusal lists (the control API's `details`: `[{"path": "$.status", "message": "must be >= 400"}]`). */
function problems(error: Error): { path?: string; message: string }[] {
  const details = error instanceof ApiError ? error.details : undefined;
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) => (d && typeof d === 'object' && typeof (d as { message?: unknown }).message === 'string'
    ? [{ message: (d as { message: string }).message, ...(typeof (d as { path?: unknown }).path === 'string' ? { path: (d as { path: string }).path } : {}) }]
    : []));
}

/** The control key (docs/security.md#control-key), kept in this browser tab only. */
export function KeyForm() {
  const { setKey } = useSession();
  const [value, setValue] = useState('');
  return (
    <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setKey(value.trim()); }}>
      <label>
        Control key <input type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </label>
      <button type="submit">Use key</button>
    </form>
  );
}

/** Switches the tenant the console shows (any name or GUID: a tenant the mock has not seen is made from the seed on first use). */
export function TenantSwitcher({ id = 'tenant' }: { id?: string }) {
  const { tenant, setTenant, recentTenants } = useSession();
  const [value, setValue] = useState(tenant);
  const listId = `${id}-recent`;
  return (
    <form class="inline-form tenant-switcher" onSubmit={(e) => { e.preventDefault(); setTenant(value); }}>
      <label for={id}>Tenant</label>
      <input id={id} list={listId} value={value} spellcheck={false} onInput={(e) => setValue(e.currentTarget.value)} />
      <datalist id={listId}>{recentTenants().map((t) => <option key={t} value={t} />)}</datalist>
      <button type="submit">Switch</button>
    </form>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" role="status">Loading {what}…</p>;
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** A value as a cell shows it: null and empty as an em dash, objects as compact JSON. */
export function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A Graph date-time as a table shows it: `2026-11-24 14:51:37 UTC` (the mock's clocks are UTC); anything else as `show` does. */
export function showDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) || value.startsWith('0001-')) return show(value);
  return `${value.slice(0, 10)} ${value.slice(11, 19)} UTC`;
}

/** An object's properties as a two-column list, in its own order. */
export function PropertyList({ value, label }: { value: Record<string, unknown>; label: string }) {
  return (
    <dl class="properties" aria-label={label}>
      {Object.entries(value).map(([name, v]) => (
        <div key={name} class="property">
          <dt>{name}</dt>
          <dd>{show(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
