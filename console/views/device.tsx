/**
 * Device (docs/console.md): one device's page as the admin center lays it out: the remote-action
 * buttons on top, enabled or greyed out by `GET /_mock/devices/{id}/actions` (Graph's own decision, with its
 * refusal's words beside each greyed one), then its Graph properties, hardware, `deviceActionResults`, its
 * audits (beta `remoteActionAudits`, as the "Device actions" report has them) and what is still pending.
 * Every part reloads on the tenant's live changes, so an action sent by an integration shows up here too.
 */
import { useState } from 'preact/hooks';
import { actionTitle } from '../actions.js';
import type { Api } from '../api.js';
import { href } from '../router.js';
import { useLiveData, useSession } from '../session.js';
import { ErrorBox, Loading, PropertyList, Section, show, showDate } from '../components/ui.js';
import { ActionDialog } from '../components/action-dialog.js';
import { intuneWords } from '../components/intune-words.js';
import type { DeviceAction, DeviceActionResult, DeviceState, PendingAction } from '../components/device-types.js';

interface Audit {
  id: string;
  action: string;
  actionState: string;
  requestDateTime: string;
  initiatedByUserPrincipalName: string | null;
  deviceActionCategory: string;
  deviceActionDetails: { key: string; value: string }[];
}

/** The device's audits, newest first: the mock's OData `$filter` on `managedDeviceId` (docs/graph-fidelity.md#remoteactionaudits-beta). */
async function loadAudits(api: Api, id: string): Promise<Audit[]> {
  const filter = encodeURIComponent(`managedDeviceId eq '${id.replace(/'/g, "''")}'`);
  const page = await api.graph<{ value: Audit[] }>('GET', `/beta/deviceManagement/remoteActionAudits?$filter=${filter}&$orderby=requestDateTime%20desc&$top=100`);
  return page.value;
}

/** Members of a device with a section of their own, left out of Properties. */
const OWN_SECTIONS = new Set(['hardwareInformation', 'deviceActionResults']);
/** The members every `deviceActionResult` has (the table's other columns); any other is a detail. */
const RESULT_BASE = new Set(['@odata.type', 'actionName', 'actionState', 'startDateTime', 'lastUpdatedDateTime', 'passcode']);

/** Keyed by id: another device's page starts afresh rather than showing the last one's answers meanwhile. */
export function DeviceView({ id }: { id: string }) {
  return <DevicePage key={id} id={id} />;
}

function DevicePage({ id }: { id: string }) {
  const state = useLiveData((api) => api.control<DeviceState>('GET', `/devices/${encodeURIComponent(id)}`), [id]);
  const actions = useLiveData((api) => api.control<{ actions: DeviceAction[] }>('GET', `/devices/${encodeURIComponent(id)}/actions`), [id]);
  const audits = useLiveData((api) => loadAudits(api, id), [id]);

  if (state.data === undefined) {
    return (
      <>
        <h1>Device</h1>
        {state.error ? <ErrorBox error={state.error} /> : <Loading what="the device" />}
      </>
    );
  }
  const { device, simulation, pendingActions } = state.data;
  const name = device.deviceName || device.id;
  const properties = Object.fromEntries(Object.entries(device).filter(([k]) => !OWN_SECTIONS.has(k)));
  const refresh = () => {
    state.reload();
    actions.reload();
    audits.reload();
  };
  return (
    <>
      <h1>{name}</h1>
      {/* A later failure (the device was deleted, the mock went away) shows over the last good answer. */}
      <ErrorBox error={state.error} />
      <p><a href={href.screen(device.id)}>Open the device's screen</a> · <a href={href.devices()}>All devices</a></p>
      {/* Two columns: the buttons, and beside them what became of what was sent (no scrolling past 27 rows to see it). */}
      <div class="device-columns">
        <Section title="Remote actions">
          <ErrorBox error={actions.error} />
          {actions.data ? <RemoteActions actions={actions.data.actions} deviceName={name} onSent={refresh} /> : actions.error ? null : <Loading what="the actions" />}
        </Section>
        <div>
          <Section title="Device action results">
            <ResultsTable results={device.deviceActionResults ?? []} />
          </Section>
          <Section title="Pending actions">
            <PendingTable pending={pendingActions} />
          </Section>
          <Section title="Audits">
            <ErrorBox error={audits.error} />
            {audits.data ? <AuditsTable audits={audits.data} /> : audits.error ? null : <Loading what="the audits" />}
          </Section>
        </div>
      </div>
      <Section title="Properties">
        <PropertyList value={properties} label="Properties" />
      </Section>
      <Section title="Hardware">
        {device.hardwareInformation ? <PropertyList value={device.hardwareInformation} label="Hardware" /> : <p class="muted">No hardware information.</p>}
      </Section>
      <Section title="Simulation">
        <PropertyList value={simulation} label="Simulation" />
      </Section>
    </>
  );
}

type Outcome = { ok: true; text: string } | { ok: false; error: Error };

/** One button per catalog action; a click opens the dialog; the answer shows as a status or the API's error. */
function RemoteActions({ actions, deviceName, onSent }: { actions: DeviceAction[]; deviceName: string; onSent(): void }) {
  const { api } = useSession();
  const [open, setOpen] = useState<DeviceAction | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const send = async (action: DeviceAction, body: Record<string, unknown> | undefined) => {
    setOpen(undefined);
    setSending(true);
    setOutcome(undefined);
    try {
      await api.graph('POST', action.path, body);
      setOutcome({ ok: true, text: `${actionTitle(action.name)} sent` });
    } catch (error) {
      setOutcome({ ok: false, error: error instanceof Error ? intuneWords(error) : new Error(String(error)) });
    } finally {
      setSending(false);
      onSent();
    }
  };
  return (
    <>
      {/* The answer above the buttons, where the eye is after the dialog closes. */}
      {outcome?.ok ? <p role="status" class="notice">{outcome.text}</p> : null}
      {outcome && !outcome.ok ? <ErrorBox error={outcome.error} /> : null}
      {/* A table: the button, then why it is greyed out (the styles every table has lay it out, no CSS of its own). */}
      <table class="actions">
        <thead>
          <tr><th scope="col">Action</th><th scope="col">Available on this device</th></tr>
        </thead>
        <tbody>
          {actions.map((a) => {
            const reasonId = `reason-${a.name}`;
            return (
              <tr key={a.name}>
                <td>
                  <button
                    type="button"
                    disabled={!a.available}
                    aria-describedby={a.available ? undefined : reasonId}
                    // Not disabled while one is being sent: focus stays on the button; a second click waits.
                    onClick={() => !sending && setOpen(a)}
                  >
                    {actionTitle(a.name)}
                  </button>
                </td>
                <td>{a.available ? 'Yes' : <span id={reasonId} class="muted reason">{a.reason}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {open ? <ActionDialog action={open} deviceName={deviceName} onConfirm={(body) => void send(open, body)} onCancel={() => setOpen(undefined)} /> : null}
    </>
  );
}

/** A result's extras (a passcode, an unlock PIN, a location, an error code), as the admin center shows them. */
function details(r: DeviceActionResult): string {
  if (r.passcode) return r.passcode;
  const extra = Object.entries(r).filter(([k, v]) => !RESULT_BASE.has(k) && v !== null && v !== undefined);
  return extra.length === 0 ? '—' : extra.map(([k, v]) => `${k}: ${show(v)}`).join('; ');
}

function ResultsTable({ results }: { results: DeviceActionResult[] }) {
  if (results.length === 0) return <p class="muted">No actions yet.</p>;
  return (
    <table aria-label="Device action results">
      <thead>
        <tr><th scope="col">Action</th><th scope="col">State</th><th scope="col">Started</th><th scope="col">Last updated</th><th scope="col">Passcode / details</th></tr>
      </thead>
      <tbody>
        {results.map((r, i) => (
          <tr key={`${r.actionName ?? ''}-${r.startDateTime}-${i}`}>
            {/* Graph's own name (`resetPasscode`), as the API and an integration's logs have it. */}
            <td>{show(r.actionName)}</td>
            <td>{r.actionState}</td>
            <td>{showDate(r.startDateTime)}</td>
            <td>{showDate(r.lastUpdatedDateTime)}</td>
            <td>{details(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AuditsTable({ audits }: { audits: Audit[] }) {
  if (audits.length === 0) return <p class="muted">No audits for this device.</p>;
  return (
    <table aria-label="Audits">
      <thead>
        <tr><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Initiated by</th><th scope="col">Date/time</th><th scope="col">Details</th></tr>
      </thead>
      <tbody>
        {audits.map((a) => (
          <tr key={a.id}>
            <td>{a.action}</td>
            <td>{a.actionState}</td>
            <td>{show(a.initiatedByUserPrincipalName)}</td>
            <td>{a.requestDateTime}</td>
            <td>{a.deviceActionDetails.length === 0 ? '—' : a.deviceActionDetails.map((d) => `${d.key}: ${d.value}`).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PendingTable({ pending }: { pending: PendingAction[] }) {
  if (pending.length === 0) return <p class="muted">Nothing pending.</p>;
  return (
    <table aria-label="Pending actions">
      <thead>
        <tr><th scope="col">Action</th><th scope="col">Requested</th><th scope="col">Carried out at check-in</th></tr>
      </thead>
      <tbody>
        {pending.map((p, i) => (
          <tr key={`${p.action}-${p.requestedAt}-${i}`}>
            <td>{p.action}</td>
            <td>{p.requestedAt}</td>
            {/* checkInAt null: the device is offline, the action waits until it is back (docs/simulation.md). */}
            <td>{p.checkInAt ?? 'when the device is back online'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
