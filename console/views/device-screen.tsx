/**
 * The device's screen (docs/console.md): what its simulated user sees, from `GET /_mock/devices/{id}`, and the
 * buttons for the control API's device events. Live: an admin's action sent through Graph that lands at the
 * device's check-in (a reset passcode, a lock, lost mode) appears without a reload.
 */
import { useEffect, useState } from 'preact/hooks';
import { href } from '../router.js';
import { useLiveData, useSession } from '../session.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { DeviceFrame } from '../components/device-frame.js';
import { DeviceEvents } from '../components/device-events.js';
import type { DeviceState } from '../components/device-state.js';

/** The tenant's clock as the live stream last told it: the screen's clock, and when a sound stops playing. */
function useTenantNow(): string | undefined {
  const { live } = useSession();
  const [now, setNow] = useState(live.now);
  useEffect(() => {
    setNow(live.now);
    return live.on('change', (c) => setNow(c.now));
  }, [live]);
  return now;
}

export function DeviceScreenView({ id }: { id: string }) {
  const loaded = useLiveData((api) => api.control<DeviceState>('GET', `/devices/${encodeURIComponent(id)}`), [id]);
  const now = useTenantNow();
  // The answer to an event is the device's new state: shown at once, before the live stream's change arrives.
  const [latest, setLatest] = useState<DeviceState | undefined>();
  useEffect(() => setLatest(undefined), [loaded.data]);
  const state = latest ?? loaded.data;

  if (!state) {
    return (
      <>
        <h1>Device screen</h1>
        {loaded.error ? <ErrorBox error={loaded.error} /> : <Loading what="the device" />}
      </>
    );
  }
  const name = state.device.deviceName;
  return (
    <>
      <p><a href={href.device(id)}>Back to {name}</a></p>
      <h1>Screen of {name}</h1>
      <p class="muted">
        {state.device.operatingSystem} {state.device.osVersion ?? ''} · enrollment <code>{state.simulation.enrollment}</code>
        {state.device.userPrincipalName ? <> · user {state.device.userPrincipalName}</> : null}
      </p>
      <ErrorBox error={loaded.error} />
      <div class="screen-layout">
        <DeviceFrame state={state} now={now} />
        {/* Keyed by device: another device's screen starts with no answer and empty fields. */}
        <DeviceEvents key={id} state={state} now={now} onChanged={setLatest} />
      </div>
    </>
  );
}
