/**
 * What the simulated device's user sees, drawn from its control-API state (docs/simulation.md#notifications):
 * a phone (Android, iOS, iPadOS) or a computer (Windows, macOS) made of CSS boxes, its lock screen, the
 * notification cards and the prompts. Every prompt is text in the page (not a picture), so a screen reader and
 * the browser tests read what the user would.
 */
import type { ComponentChildren } from 'preact';
import { formFactor, soundPlaying, type DeviceState, type ScreenNotification } from './device-state.js';

/** A notification card as the user would read it: the words a phone shows, by the mock's notification type. */
function NotificationCard({ n, state }: { n: ScreenNotification; state: DeviceState }) {
  const { simulation } = state;
  switch (n.type) {
    case 'activateResetToken':
      // Company Portal's prompt on a personally-owned work profile (docs/simulation.md#notifications).
      return (
        <Card title="Activate the reset token" from="Company Portal" at={n.shownAt}>
          Your organization needs you to activate the work profile passcode reset token, so that IT can reset your work
          profile passcode if you forget it.
        </Card>
      );
    case 'setPasscode':
      return (
        <Card title="Set a passcode" from="Settings" at={n.shownAt}>
          Your organization requires a passcode on this device. Set one to stay compliant.
        </Card>
      );
    case 'newPasscode': {
      const value = simulation.workProfilePasscode.value ?? simulation.passcode.value;
      return (
        <Card title="Your passcode was reset" from="Company Portal" at={n.shownAt}>
          IT reset your passcode{value ? <> to <code>{value}</code></> : null}. Choose a new one.
        </Card>
      );
    }
    case 'lostModeSound':
      return (
        <Card title="Lost mode sound" from="Intune" at={n.shownAt}>
          This device is playing a sound so it can be found. Stop the sound when you have it.
        </Card>
      );
    case 'customNotification':
      return (
        <Card title={n.title ?? 'Message from your organization'} from="Company Portal" at={n.shownAt}>
          {n.body ?? ''}
        </Card>
      );
    default:
      return <Card title={n.type} from="Device" at={n.shownAt}>{''}</Card>;
  }
}

function Card({ title, from, at, children }: { title: string; from: string; at: string; children: ComponentChildren }) {
  return (
    <li class="screen-card">
      <p class="screen-card-from">{from} · <time dateTime={at}>{clockTime(at)}</time></p>
      <p class="screen-card-title">{title}</p>
      <p class="screen-card-body">{children}</p>
    </li>
  );
}

/** `HH:MM` of an ISO time in UTC (the mock clock's zone): what a phone's clock and cards show. */
function clockTime(iso: string | undefined): string {
  if (!iso) return '--:--';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? '--:--' : t.toISOString().slice(11, 16);
}

/** `HH:MM` when `iso` is on the same (UTC) day as `now`, else `YYYY-MM-DD HH:MM`: a restart can be set to take days. */
function dayAndTime(iso: string, now: string | undefined): string {
  const day = (s: string | undefined) => s?.slice(0, 10);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return day(at.toISOString()) === day(now) ? clockTime(iso) : `${at.toISOString().slice(0, 10)} ${clockTime(iso)}`;
}

/** The status bar: the time, the connection, who is signed in on a Shared iPad. */
function StatusBar({ state, now }: { state: DeviceState; now: string | undefined }) {
  const { simulation } = state;
  return (
    <p class="screen-status-bar">
      <span>{clockTime(now)}</span>
      <span>{simulation.online ? 'Online' : 'Offline: no connection'}</span>
    </p>
  );
}

/** The lock screen: lost mode's message, phone number and footnote, or the passcode prompt of a remote lock. */
function LockScreen({ state }: { state: DeviceState }) {
  const { simulation } = state;
  const lost = simulation.lostMode;
  if (lost) {
    return (
      <div class="screen-lock">
        <p class="screen-lock-title">This device is lost</p>
        {lost.message ? <p>{lost.message}</p> : null}
        {lost.phoneNumber ? <p>Call <a href={`tel:${lost.phoneNumber}`}>{lost.phoneNumber}</a></p> : null}
        {lost.footer ? <p class="screen-lock-footer">{lost.footer}</p> : null}
      </div>
    );
  }
  if (simulation.locked) {
    return (
      <div class="screen-lock">
        <p class="screen-lock-title">Locked</p>
        <p>{simulation.unlockPin !== undefined ? 'Enter the PIN your organization gave you to unlock.' : 'Enter your passcode to unlock.'}</p>
      </div>
    );
  }
  return null;
}

/** The screen's content: off, restarting, or on with its lock screen, prompts and notifications. */
function ScreenContent({ state, now }: { state: DeviceState; now: string | undefined }) {
  const { simulation, device } = state;
  if (simulation.power === 'off') return <p class="screen-dark">Powered off</p>;
  if (simulation.power === 'rebooting') {
    return <p class="screen-dark">Restarting…{simulation.bootAt ? ` (back at ${dayAndTime(simulation.bootAt, now)})` : ''}</p>;
  }
  const shared = device.hardwareInformation?.isSharedDevice === true;
  return (
    <>
      <StatusBar state={state} now={now} />
      {simulation.enrolled === false ? <p class="screen-banner">No longer managed by your organization</p> : null}
      <LockScreen state={state} />
      {shared ? (
        <p class="screen-banner">
          {simulation.sharedIPadActiveUser ? `Signed in: ${simulation.sharedIPadActiveUser}` : 'Shared iPad: nobody is signed in'}
        </p>
      ) : null}
      {soundPlaying(simulation, now) ? <p class="screen-banner">Playing the lost mode sound</p> : null}
      {simulation.notifications.length > 0 ? (
        <ul class="screen-cards" aria-label="Notifications">
          {simulation.notifications.map((n) => <NotificationCard key={`${n.type}-${n.shownAt}`} n={n} state={state} />)}
        </ul>
      ) : (
        <p class="screen-quiet">No notifications</p>
      )}
    </>
  );
}

/** The device drawn as its kind: the region `Device screen` (docs/console.md). */
export function DeviceFrame({ state, now }: { state: DeviceState; now: string | undefined }) {
  const kind = formFactor(state.device.operatingSystem);
  return (
    <section class={`device-frame device-${kind}`} aria-label="Device screen">
      <div class="device-bezel">
        <div class="device-display">
          <ScreenContent state={state} now={now} />
        </div>
      </div>
      {kind === 'pc' ? <div class="device-stand" /> : null}
    </section>
  );
}
