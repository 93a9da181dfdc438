/** `intune-mock/client`: the typed control-API client, without the server. */
export { MockAdminClient, MockAdminError, type CreatedDevice, type DeviceActions, type DeviceState, type MockEvent, type DeviceList, type DeviceListQuery, type IssuedToken, type TokenRequest, type ClientReport, type ThrottlingLimits, type ThrottlingLimitsInput, type ThrottlingReport } from './admin-client.js';
export type { FaultRule, FaultRuleInput } from '../testkit/faults.js';
export type { JournalEntry } from '../testkit/journal.js';
export type { DeviceEvent } from '../schemas/device-event.js';
export type { DeviceInput, Fixture } from '../schemas/fixture.js';
export type { User, UserInput } from '../schemas/user.js';
