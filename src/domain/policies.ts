/**
 * What the tenant's compliance policies demand of devices (docs/simulation.md#devices). Policies apply tenant-wide:
 * the mock has no groups or assignments.
 */
import type { TenantData } from './tenant-state.js';

/** An iOS/iPadOS compliance policy requires a passcode: a removed passcode makes the device noncompliant. */
export function iosPasscodeRequired(tenant: TenantData): boolean {
  for (const p of tenant.compliancePolicies.values()) {
    if (p['@odata.type'] === '#microsoft.graph.iosCompliancePolicy' && p.passcodeRequired) return true;
  }
  return false;
}

/** An Android work-profile policy requires a work-profile password (the reset token needs one). */
export function workProfilePasswordRequired(tenant: TenantData): boolean {
  for (const p of tenant.compliancePolicies.values()) {
    if (p['@odata.type'] === '#microsoft.graph.androidWorkProfileCompliancePolicy' && p.passwordRequired) return true;
  }
  return false;
}
