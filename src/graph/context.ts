/** What every Graph route module is given: its version, the emulated service, and the mock's time. */
import type { Intune } from '../domain/intune.js';
import type { ODataDialect } from './odata/intune-quirks.js';
import type { GraphVersion } from './serialize-device.js';
import type { RequestTime } from './wire.js';

export interface GraphContext {
  version: GraphVersion;
  intune: Intune;
  /** `--odata`: how `$filter` behaves on managedDevices. */
  odata: ODataDialect;
  /** The tenant's now, on its own clock. */
  now(tenantId: string): number;
  /** The request's time: its caller's tenant's now, read once per request (wire.ts: requestTime). */
  time: RequestTime;
}
