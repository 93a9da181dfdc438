/**
 * What the simulated device and its user can do (docs/simulation.md#devices, docs/simulation.md#control-api). An event the device's state does
 * not allow is refused with a `conflict` naming the reason (the control API's 409).
 *
 * LIMITATIONS: the user's own actions (setting a passcode) take effect in Intune at once; a real device
 * reports its new compliance at its next check-in.
 */
import type { DeviceEvent } from '../../schemas/device-event.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { DomainError } from '../errors.js';
import { iosPasscodeRequired } from '../policies.js';
import { platformOf } from '../platform.js';
import { ruleFor } from '../rules/index.js';
import { WORK_PROFILE_ENROLLMENTS } from '../simulation-defaults.js';
import { dismiss, isShowing, reconcileNotifications, whyNoTokenPrompt } from './notifications.js';
import type { Simulator } from './simulator.js';
import { soundPlaying, stopSound } from './lost-mode-sound.js';
import { sameUser, showSharedIPadUsers } from './apple-effects.js';
import { isoAt } from '../clock.js';

const refuse = (record: DeviceRecord, reason: string) =>
  new DomainError('conflict', `The device ${record.device.id} cannot do that now: ${reason}.`, record.device.id);

/** What a device out of management still does: connect, power on, and check in to carry out what it was sent. */
const UNMANAGED_EVENTS: ReadonlySet<DeviceEvent['type']> = new Set(['goOnline', 'goOffline', 'powerOn', 'checkIn']);

export function applyEvent(sim: Simulator, tenant: TenantData, record: DeviceRecord, event: DeviceEvent): void {
  const { simulation } = record;
  const now = sim.now(tenant);
  if (simulation.enrolled === false && (!UNMANAGED_EVENTS.has(event.type) || (event.type === 'checkIn' && record.pendingActions.length === 0))) {
    throw refuse(record, 'it is no longer managed (retired, wiped or deleted)');
  }
  switch (event.type) {
    case 'checkIn':
      if (!simulation.online) throw refuse(record, 'it is offline (send goOnline first)');
      if (simulation.power === 'off') throw refuse(record, 'it is powered off (send powerOn first)');
      if (simulation.power === 'rebooting') throw refuse(record, `it is restarting until ${simulation.bootAt ?? 'it is back'}`);
      sim.checkIn(tenant, record, now);
      break;

    case 'unlock': {
      // Managed Lost Mode: "the device can't be unlocked"; only an admin's disableLostMode ends it (Apple platform security guide).
      if (simulation.lostMode !== undefined) throw refuse(record, 'it is in lost mode until an admin disables it (disableLostMode)');
      if (simulation.locked !== true) throw refuse(record, 'it is not locked');
      // A Mac's lock screen takes its remote-lock PIN; any other the device passcode, when the mock knows it.
      const expected = simulation.unlockPin ?? simulation.passcode.value;
      if (expected !== undefined && event.passcode !== expected) {
        throw refuse(record, event.passcode === undefined ? 'the lock screen asks for the passcode (send it in "passcode")' : 'that is not the passcode');
      }
      simulation.locked = false;
      delete simulation.unlockPin;
      break;
    }

    case 'powerOn':
      if ((simulation.power ?? 'on') === 'on') throw refuse(record, 'it is already on');
      if (simulation.power === 'rebooting') throw refuse(record, 'it is restarting and comes back by itself');
      simulation.power = 'on';
      sim.report(record, now, { kind: 'event', event: 'powerOn' });
      // It checks in as it comes up, as after a restart.
      if (simulation.online) sim.checkIn(tenant, record, now);
      break;

    case 'setPasscode': {
      simulation.passcode = event.passcode === undefined ? { set: true } : { set: true, value: event.passcode };
      dismiss(record, 'setPasscode');
      if (ruleFor(sim.ruleset, record.device, simulation, 'resetPasscode').effect !== 'resetWorkProfilePasscode') dismiss(record, 'newPasscode');
      // Back to compliant once the passcode the policy asks for is there (seed page, "Resetting iOS passcodes").
      if (platformOf(record.device.operatingSystem) === 'ios' && iosPasscodeRequired(tenant) && record.device.complianceState === 'noncompliant') {
        record.device.complianceState = 'compliant';
      }
      break;
    }

    case 'setWorkProfilePasscode':
      if (!WORK_PROFILE_ENROLLMENTS.has(simulation.enrollment)) {
        throw refuse(record, `it has no work profile (enrollment '${simulation.enrollment}')`);
      }
      simulation.workProfilePasscode = event.passcode === undefined ? { set: true } : { set: true, value: event.passcode };
      if (ruleFor(sim.ruleset, record.device, simulation, 'resetPasscode').effect === 'resetWorkProfilePasscode') dismiss(record, 'newPasscode');
      break;

    case 'activateResetToken':
      if (!isShowing(record, 'activateResetToken')) {
        throw refuse(record, `no activateResetToken prompt is showing (${whyNoTokenPrompt(record, tenant, sim.ruleset) ?? 'it was dismissed'})`);
      }
      simulation.resetToken = 'active';
      dismiss(record, 'activateResetToken');
      break;

    case 'stopSound':
      // Android's notification has a Stop Sound button; on iOS the user can silence it (play-lost-mode-sound.md).
      if (!soundPlaying(record, now)) throw refuse(record, 'no lost mode sound is playing');
      stopSound(record);
      break;

    case 'goOffline':
      if (!simulation.online) throw refuse(record, 'it is already offline');
      simulation.online = false;
      // Its pending actions wait for it; an offline device never checks in.
      for (const p of record.pendingActions) p.checkInAt = null;
      break;

    case 'acknowledgeNotification': {
      // The user taps the oldest custom notification showing (sendCustomNotificationToCompanyPortal).
      const i = simulation.notifications.findIndex((n) => n.type === 'customNotification');
      if (i < 0) throw refuse(record, 'no custom notification is showing');
      simulation.notifications.splice(i, 1);
      break;
    }

    case 'goOnline':
      if (simulation.online) throw refuse(record, 'it is already online');
      simulation.online = true;
      sim.scheduleCheckIn(tenant, record);
      break;

    // A Shared iPad's user signs in (and is cached) or out (docs/simulation.md#device-events).
    case 'signIn': {
      if (record.device.hardwareInformation?.isSharedDevice !== true) throw refuse(record, 'it is not a Shared iPad');
      if (event.userPrincipalName === undefined) throw refuse(record, 'signIn needs the user in "userPrincipalName"');
      if (simulation.sharedIPadActiveUser !== undefined) throw refuse(record, `${simulation.sharedIPadActiveUser} is signed in (send signOut first)`);
      const users = (simulation.sharedIPadUsers ?? []).filter((u) => !sameUser(u.userPrincipalName, event.userPrincipalName));
      simulation.sharedIPadUsers = [...users, { userPrincipalName: event.userPrincipalName, lastLogOnDateTime: isoAt(now) }];
      simulation.sharedIPadActiveUser = event.userPrincipalName;
      showSharedIPadUsers(tenant, record);
      break;
    }

    case 'signOut':
      if (simulation.sharedIPadActiveUser === undefined) throw refuse(record, 'nobody is signed in');
      delete simulation.sharedIPadActiveUser;
      break;
  }
  // A check-in reports itself (with what it applied); a power-on before the check-in it makes.
  if (event.type !== 'checkIn' && event.type !== 'powerOn') sim.report(record, now, { kind: 'event', event: event.type });
  reconcileNotifications(record, tenant, sim.ruleset, now);
}
