/**
 * Device actions (docs/console.md): the tenant's beta `remoteActionAudits`, as the admin center's
 * "Devices > Device actions" report lists them (https://learn.microsoft.com/en-us/intune/intune-service/remote-actions/device-management),
 * newest first, their state following the actions live. Read through Graph like any client would.
 */
import type { Api } from '../api.js';
import { href } from '../router.js';
import { useLiveData } from '../session.js';
import { actionTitle } from '../actions.js';
import { ErrorBox, Loading, show } from '../components/ui.js';

/** The newest this many: the report of a busy tenant (up to `--max-audits`, 10,000) is never loaded whole. */
const NEWEST = 100;

interface Audit {
  id: string;
  action: string;
  actionState: string;
  deviceDisplayName: string | null;
  managedDeviceId: string | null;
  initiatedByUserPrincipalName: string | null;
  requestDateTime: string;
}

interface AuditPage {
  value: Audit[];
  '@odata.count'?: number;
}

/**
 * The audit's `remoteAction` names that differ from the catalog's action names (src/domain/actions/catalog.ts
 * `AuditAction`): shown with the admin center's words.
 */
const AUDIT_TITLES: Readonly<Record<string, string>> = {
  removeCompanyData: 'Retire',
  factoryReset: 'Wipe',
  factoryResetKeepEnrollmentData: 'Wipe (keep enrollment state)',
  delete: 'Delete',
  quickScan: 'Quick scan',
  fullScan: 'Full scan',
  updateDeviceAccount: 'Update device account',
  launchRemoteHelp: 'New remote assistance session',
};

/** `notSupported` → `Not supported`: an enum member as words. */
function words(member: string): string {
  const spaced = member.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** `2026-03-01 10:00:05 UTC`: the mock's clock is UTC, and a fixed zone reads the same on every machine. */
function dateTime(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : `${t.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Newest first: asked of Graph with `$orderby` (the mock sorts; real Intune was seen to ignore it, docs/graph-fidelity.md),
 * and sorted again here, stable, so that an unsorted answer still reads newest first.
 */
async function loadAudits(api: Api): Promise<AuditPage> {
  const page = await api.graph<AuditPage>('GET', `/beta/deviceManagement/remoteActionAudits?$orderby=requestDateTime%20desc&$top=${NEWEST}&$count=true`);
  const value = [...page.value].sort((a, b) => Date.parse(b.requestDateTime) - Date.parse(a.requestDateTime));
  return { ...page, value };
}

export function DeviceActionsView() {
  const loaded = useLiveData(loadAudits, []);
  const audits = loaded.data?.value;
  const total = loaded.data?.['@odata.count'];
  return (
    <>
      <h1>Device actions</h1>
      <p class="muted">Every remote action the tenant accepted (Graph beta <code>remoteActionAudits</code>), newest first, updated live.</p>
      <ErrorBox error={loaded.error} />
      {!audits ? (loaded.error ? null : <Loading what="device actions" />) : (
        <>
          <p role="status">
            {total !== undefined && total > audits.length
              ? `The newest ${audits.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} device actions`
              : `${audits.length.toLocaleString('en-US')} device action${audits.length === 1 ? '' : 's'}`}
          </p>
          <table aria-label="Device actions">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Device name</th>
                <th scope="col">Status</th>
                <th scope="col">Initiated by</th>
                <th scope="col">Date/time</th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id}>
                  <td>{AUDIT_TITLES[a.action] ?? actionTitle(a.action)}</td>
                  <td>
                    {a.managedDeviceId ? <a href={href.device(a.managedDeviceId)}>{a.deviceDisplayName ?? a.managedDeviceId}</a> : show(a.deviceDisplayName)}
                  </td>
                  <td>{words(a.actionState)}</td>
                  <td>{show(a.initiatedByUserPrincipalName)}</td>
                  <td><time dateTime={a.requestDateTime}>{dateTime(a.requestDateTime)}</time></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
