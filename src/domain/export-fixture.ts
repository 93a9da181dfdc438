/**
 * `GET /_mock/fixtures`: a tenant's state as a fixture document (docs/simulation.md#fixtures) that `PUT /_mock/fixtures`
 * accepts back unchanged. Each device is its whole stored managedDevice (every property, so nothing falls
 * back to a default on the way in) plus its whole `simulation`; users, policies and apps as stored.
 * GET → PUT → GET gives the same document, and Graph serves the same devices before and after.
 *
 * Runtime-only state the fixture format has no field for is NOT exported, deliberately:
 * - pending actions (any remote action the device has not checked in for yet): the fixture's `simulation`
 *   describes a device, not work in flight, and a pending action points at an audit entry. The device's
 *   `deviceActionResults` entry is exported as it is (`actionState: "pending"`), so Graph shows the same
 *   thing after a PUT; but the re-imported device has nothing queued, so that entry stays `pending` until a
 *   new request replaces it; likewise a device mid-retire or mid-wipe comes back `retirePending`/`wipePending`
 *   (or, hidden by a DELETE, never carries it out). Export after the check-in (advance the clock or send
 *   `checkIn`) to keep the outcome.
 * - the beta `remoteActionAudits` report: a history of requests, not state a fixture seeds; a tenant
 *   loaded from a fixture starts with an empty report, whether the fixture came from a file or an export.
 * `omitted` counts both, and the route reports it in the `x-mock-not-exported` header, so a caller can
 * tell that a snapshot was not complete without the body (which must round-trip) saying so.
 */
import type { Fixture, FixtureDevice } from '../schemas/fixture.js';
import type { TenantData } from './tenant-state.js';

export interface FixtureExport {
  fixture: Fixture;
  /** Runtime state left out of `fixture` (see above). */
  omitted: { pendingActions: number; audits: number };
}

/**
 * The tenant as a fixture. The result shares objects with the tenant's state: serialize it at once
 * (the route does, before anything else can change the tenant) or clone it.
 */
export function exportFixture(tenant: TenantData): FixtureExport {
  let pendingActions = 0;
  const devices: FixtureDevice[] = [];
  for (const record of tenant.devices.values()) {
    pendingActions += record.pendingActions.length;
    // The stored managedDevice holds every property already; `simulation` goes last, as in fixture files.
    devices.push({ ...record.device, simulation: record.simulation });
  }
  return {
    fixture: {
      $schema: './fixture.schema.json',
      users: [...tenant.users.values()],
      compliancePolicies: [...tenant.compliancePolicies.values()],
      apps: tenant.apps,
      devices,
    },
    omitted: { pendingActions, audits: tenant.audits.size },
  };
}

/** `pendingActions=1, audits=3`: what the `x-mock-not-exported` header says. */
export function describeOmitted(omitted: FixtureExport['omitted']): string {
  return `pendingActions=${omitted.pendingActions}, audits=${omitted.audits}`;
}
