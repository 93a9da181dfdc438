/**
 * The buttons for what the simulated user (or the device) can do: one per control-API device event
 * (`POST /_mock/devices/{id}/events`, docs/simulation.md#device-events), named in plain words (docs/console.md).
 * A button is enabled where the event makes sense for the state shown, and says why not where it does not;
 * but the server decides: a refusal (a 409, e.g. the wrong passcode) is shown as an alert in the API's words.
 */
import { useState } from 'preact/hooks';
import { useSession } from '../session.js';
import { ErrorBox } from './ui.js';
import { WORK_PROFILE_ENROLLMENTS, soundPlaying, type DeviceState } from './device-state.js';

export type EventType =
  | 'checkIn' | 'setPasscode' | 'setWorkProfilePasscode' | 'activateResetToken' | 'goOffline' | 'goOnline'
  | 'unlock' | 'powerOn' | 'signIn' | 'signOut' | 'stopSound' | 'acknowledgeNotification';

interface EventButton {
  type: EventType;
  label: string;
  /** The text field the event takes, when it takes one: its label and the body member it fills. */
  field?: { label: string; member: 'passcode' | 'userPrincipalName'; optional: boolean; secret: boolean };
  /** Why the event does not make sense for this state, or undefined when it does (a hint: the server decides). */
  why(state: DeviceState, now: string | undefined): string | undefined;
}

const managed = (s: DeviceState) => (s.simulation.enrolled === false ? 'the device is no longer managed' : undefined);
const powered = (s: DeviceState) =>
  s.simulation.power === 'off' ? 'the device is powered off' : s.simulation.power === 'rebooting' ? 'the device is restarting' : undefined;
const showing = (s: DeviceState, type: string) => s.simulation.notifications.some((n) => n.type === type);

/** In the order a user meets them: the prompts first, then the device's own controls. */
const BUTTONS: EventButton[] = [
  {
    type: 'activateResetToken', label: 'Activate reset token',
    why: (s) => managed(s) ?? (showing(s, 'activateResetToken') ? undefined : 'no reset-token prompt is showing'),
  },
  {
    type: 'setPasscode', label: 'Set passcode',
    field: { label: 'New passcode', member: 'passcode', optional: true, secret: false },
    why: (s) => managed(s),
  },
  {
    type: 'setWorkProfilePasscode', label: 'Set work profile passcode',
    field: { label: 'New work profile passcode', member: 'passcode', optional: true, secret: false },
    why: (s) => managed(s) ?? (WORK_PROFILE_ENROLLMENTS.has(s.simulation.enrollment) ? undefined : 'the device has no work profile'),
  },
  {
    type: 'unlock', label: 'Unlock',
    field: { label: 'Passcode', member: 'passcode', optional: true, secret: false },
    why: (s) => managed(s) ?? (s.simulation.lostMode ? 'lost mode holds the lock screen until an admin disables it' : s.simulation.locked ? undefined : 'the device is not locked'),
  },
  {
    type: 'acknowledgeNotification', label: 'Acknowledge',
    why: (s) => managed(s) ?? (showing(s, 'customNotification') ? undefined : 'no custom notification is showing'),
  },
  {
    type: 'stopSound', label: 'Stop sound',
    why: (s, now) => managed(s) ?? (soundPlaying(s.simulation, now) ? undefined : 'no lost mode sound is playing'),
  },
  {
    type: 'signIn', label: 'Sign in',
    field: { label: 'User principal name', member: 'userPrincipalName', optional: false, secret: false },
    why: (s) => managed(s) ?? (s.device.hardwareInformation?.isSharedDevice !== true ? 'the device is not a Shared iPad' : s.simulation.sharedIPadActiveUser ? 'someone is signed in' : undefined),
  },
  {
    type: 'signOut', label: 'Sign out',
    why: (s) => managed(s) ?? (s.simulation.sharedIPadActiveUser ? undefined : 'nobody is signed in'),
  },
  {
    type: 'checkIn', label: 'Check in',
    why: (s) => (s.simulation.enrolled === false && s.pendingActions.length === 0 ? 'the device is no longer managed' : undefined)
      ?? (s.simulation.online ? powered(s) : 'the device is offline'),
  },
  { type: 'goOffline', label: 'Go offline', why: (s) => (s.simulation.online ? undefined : 'the device is already offline') },
  { type: 'goOnline', label: 'Go online', why: (s) => (s.simulation.online ? 'the device is already online' : undefined) },
  {
    type: 'powerOn', label: 'Power on',
    why: (s) => (s.simulation.power === 'off' ? undefined : s.simulation.power === 'rebooting' ? 'the device is restarting and comes back by itself' : 'the device is already on'),
  },
];

/** One event's button, with its text field when it takes one. */
function EventControl({ button, state, now, onSent }: {
  button: EventButton; state: DeviceState; now: string | undefined; onSent(label: string, result: Error | DeviceState): void;
}) {
  const { api } = useSession();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const why = button.why(state, now);
  const id = `event-${button.type}`;
  const send = async () => {
    const text = value.trim();
    const body: Record<string, string> = { type: button.type };
    if (button.field && text !== '') body[button.field.member] = text;
    setBusy(true);
    try {
      const next = await api.control<DeviceState>('POST', `/devices/${encodeURIComponent(state.device.id)}/events`, body);
      setValue('');
      onSent(button.label, next);
    } catch (error) {
      onSent(button.label, error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="event-control" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      {button.field ? (
        <label>
          {button.field.label}
          <input
            value={value}
            autocomplete="off"
            spellcheck={false}
            required={!button.field.optional}
            disabled={why !== undefined}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <button type="submit" disabled={why !== undefined || busy} aria-describedby={why ? `${id}-why` : undefined}>{button.label}</button>
      {why ? <span id={`${id}-why`} class="muted event-why">{why}</span> : null}
    </form>
  );
}

/** The region `Device events`: every event's control and the last answer (a `status`, or an `alert`). */
export function DeviceEvents({ state, now, onChanged }: { state: DeviceState; now: string | undefined; onChanged(next: DeviceState): void }) {
  const [answer, setAnswer] = useState<{ label: string; error?: Error } | undefined>();
  const sent = (label: string, result: Error | DeviceState) => {
    if (result instanceof Error) setAnswer({ label, error: result });
    else {
      setAnswer({ label });
      onChanged(result);
    }
  };
  return (
    <section class="device-events" aria-labelledby="device-events-heading">
      <h2 id="device-events-heading">What the user can do</h2>
      <div class="event-controls">
        {BUTTONS.map((b) => <EventControl key={b.type} button={b} state={state} now={now} onSent={sent} />)}
      </div>
      {answer?.error ? <ErrorBox error={answer.error} /> : answer ? <p class="notice" role="status">{answer.label}: done</p> : null}
    </section>
  );
}
