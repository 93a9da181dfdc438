/**
 * What the control API answers about devices, as the console reads it (the server's schemas:
 * src/control/device-routes.ts, src/control/device-actions-route.ts). Only the members the views use are typed;
 * the rest passes through to the property lists as it came.
 */
import { complianceState } from '../../src/schemas/enums.js';

/**
 * The simulation's enrollments (src/schemas/simulation.ts `ENROLLMENTS`), copied: that module brings TypeBox,
 * too heavy for the page. test/unit/readme-actions.test.ts checks them against the API's, and the shapes below.
 */
const ENROLLMENTS = ['deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp', 'device', 'userEnrollment'] as const;

export type GraphDevice = Record<string, unknown> & {
  id: string;
  deviceName?: string | null;
  operatingSystem?: string | null;
  osVersion?: string | null;
  complianceState?: string | null;
  managedDeviceOwnerType?: string | null;
  userPrincipalName?: string | null;
  lastSyncDateTime?: string | null;
  hardwareInformation?: Record<string, unknown> | null;
  deviceActionResults?: DeviceActionResult[] | null;
};

export type DeviceActionResult = Record<string, unknown> & {
  actionName?: string | null;
  actionState: string;
  startDateTime: string;
  lastUpdatedDateTime: string;
  passcode?: string | null;
};

export interface PendingAction {
  action: string;
  requestedAt: string;
  checkInAt: string | null;
  auditId: string | null;
  parameters?: Record<string, unknown>;
}

export interface DeviceState {
  device: GraphDevice;
  simulation: Record<string, unknown> & { enrollment?: string };
  pendingActions: PendingAction[];
}

export interface DeviceList {
  devices: DeviceState[];
  total: number;
  nextSkip?: number;
}

export interface ActionParameter {
  name: string;
  type: string;
  nullable: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/** One row of `GET /_mock/devices/{id}/actions` (docs/console.md#device-actions). */
export interface DeviceAction {
  name: string;
  available: boolean;
  reason?: string;
  rule: string;
  versions: Array<'v1.0' | 'beta'>;
  method: 'POST';
  path: string;
  parameters: ActionParameter[];
  pushed: boolean;
}

/** The Devices filters: the control API's query parameters, with the words the select shows for each value. */
export const FILTERS: readonly { name: string; label: string; options: readonly (readonly [string, string])[] }[] = [
  { name: 'platform', label: 'Platform', options: [['android', 'Android'], ['ios', 'iOS/iPadOS'], ['macos', 'macOS'], ['windows', 'Windows'], ['other', 'Other']] },
  { name: 'enrollment', label: 'Enrollment', options: ENROLLMENTS.map((e) => [e, e] as const) },
  { name: 'compliance', label: 'Compliance', options: Object.keys(complianceState).map((c) => [c, c] as const) },
  { name: 'ownership', label: 'Ownership', options: [['company', 'Corporate'], ['personal', 'Personal'], ['unknown', 'Unknown']] },
  {
    name: 'state', label: 'State', options: [
      ['enrolled', 'Enrolled'], ['unenrolled', 'Unenrolled'], ['online', 'Online'], ['offline', 'Offline'],
      ['poweredOff', 'Powered off'], ['restarting', 'Restarting'], ['locked', 'Locked'], ['pending', 'Actions pending'],
    ],
  },
];
