/** `intune-mock/client`: the typed control-API client, without the server. */
export { MockAdminClient, MockAdminError, type DeviceState, type IssuedToken, type TokenRequest } from './admin-client.js';
export type { FaultRule, FaultRuleInput } from '../control/faults.js';
export type { JournalEntry } from '../control/journal.js';
export type { DeviceEvent } from '../schemas/device-event.js';
export type { DeviceInput, Fixture } from '../schemas/fixture.js';
