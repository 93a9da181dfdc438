/**
 * Devices (docs/console.md): the tenant's fleet as the admin center's "All devices" list, one page of
 * 50 from `GET /_mock/devices` at a time (the server filters and pages: a 100,000-device tenant is never loaded
 * whole). The filters and the page live in the hash (`#/devices?platform=android&search=pixel&skip=50`), so a
 * reload, the back button or a shared link shows the same list.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { href } from '../router.js';
import { useLiveData } from '../session.js';
import { ErrorBox, Loading, show, showDate } from '../components/ui.js';
import { FILTERS, type DeviceList } from '../components/device-types.js';

const PAGE_SIZE = 50;
/** Typing is sent once it pauses this long: one request per word, not per key, over a large fleet. */
const SEARCH_DEBOUNCE_MS = 250;
const FILTER_NAMES = [...FILTERS.map((f) => f.name), 'search'];

const count = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'device' : 'devices'}`;

/** The hash's query with `changes` applied (empty removes); any filter change goes back to the first page. */
function withChanges(query: URLSearchParams, changes: Record<string, string>): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  if (!('skip' in changes)) next.delete('skip');
  if (next.get('skip') === '0') next.delete('skip');
  return next;
}

/** The control API's query for the list shown: the hash's known filters, the page. */
function listQuery(query: URLSearchParams): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  params.set('top', String(PAGE_SIZE));
  const skip = Number(query.get('skip') ?? 0);
  if (Number.isInteger(skip) && skip > 0) params.set('skip', String(skip));
  return params.toString();
}

export function DevicesView({ query }: { query: URLSearchParams }) {
  const apiQuery = listQuery(query);
  // The page's position travels with its answer: until the next page arrives, the pager describes the rows shown.
  const list = useLiveData(
    async (api) => ({ ...(await api.control<DeviceList>('GET', `/devices?${apiQuery}`)), skip: Number(new URLSearchParams(apiQuery).get('skip') ?? 0) }),
    [apiQuery],
  );

  // Filters and pages are history entries (the back button undoes them); typing replaces its own entry.
  const go = (changes: Record<string, string>, replace = false) => {
    const target = href.devices(withChanges(query, changes));
    if (replace) location.replace(target);
    else location.hash = target;
  };

  return (
    <>
      <h1>Devices</h1>
      <div class="toolbar" role="search">
        <SearchBox value={query.get('search') ?? ''} onSearch={(text) => go({ search: text }, true)} />
        {FILTERS.map((filter) => (
          <label key={filter.name}>
            {filter.label}
            <select value={query.get(filter.name) ?? ''} onChange={(e) => go({ [filter.name]: e.currentTarget.value })}>
              <option value="">All</option>
              {filter.options.map(([value, words]) => <option key={value} value={value}>{words}</option>)}
            </select>
          </label>
        ))}
      </div>
      <ErrorBox error={list.error} />
      {list.data === undefined ? (list.error ? null : <Loading what="devices" />) : (
        <>
          <p role="status" class="count">{count(list.data.total)}</p>
          <DeviceTable list={list.data} />
          <Pager
            skip={list.data.skip}
            shown={list.data.devices.length}
            total={list.data.total}
            nextSkip={list.data.nextSkip}
            onPage={(s) => go({ skip: String(s) })}
          />
        </>
      )}
    </>
  );
}

/** The search box: what is typed shows at once; the list follows once typing pauses. */
function SearchBox({ value, onSearch }: { value: string; onSearch(text: string): void }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The hash changed under the box (back button, a link): show its search, unless the user is mid-typing.
  useEffect(() => {
    if (timer.current === undefined) setText(value);
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const typed = (next: string) => {
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      // The API takes 1–200 characters (docs/console.md); a longer text is cut rather than refused.
      onSearch(next.trim().slice(0, 200));
    }, SEARCH_DEBOUNCE_MS);
  };
  return (
    <input
      type="search"
      aria-label="Search devices"
      placeholder="Search by name, user, serial number, model or id"
      size={40}
      value={text}
      onInput={(e) => typed(e.currentTarget.value)}
    />
  );
}

function DeviceTable({ list }: { list: DeviceList }) {
  return (
    <div class="table-scroll">
    <table aria-label="Devices">
      <thead>
        <tr>
          <th scope="col">Device name</th>
          <th scope="col">Platform</th>
          <th scope="col">OS version</th>
          <th scope="col">Enrollment</th>
          <th scope="col">Compliance</th>
          <th scope="col">Ownership</th>
          <th scope="col">Primary user UPN</th>
          <th scope="col">Last check-in</th>
        </tr>
      </thead>
      <tbody>
        {list.devices.map(({ device, simulation }) => (
          <tr key={device.id}>
            <td class="nowrap"><a href={href.device(device.id)}>{device.deviceName || device.id}</a></td>
            <td>{show(device.operatingSystem)}</td>
            <td>{show(device.osVersion)}</td>
            <td>{show(simulation.enrollment)}</td>
            <td>{show(device.complianceState)}</td>
            <td>{show(device.managedDeviceOwnerType)}</td>
            <td>{show(device.userPrincipalName)}</td>
            <td class="nowrap">{showDate(device.lastSyncDateTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

function Pager(props: { skip: number; shown: number; total: number; nextSkip: number | undefined; onPage(skip: number): void }) {
  const { skip, shown, total, nextSkip, onPage } = props;
  const first = shown === 0 ? 0 : skip + 1;
  return (
    <div class="pager">
      <button type="button" disabled={skip === 0} onClick={() => onPage(Math.max(0, skip - PAGE_SIZE))}>Previous page</button>
      <span class="muted">
        {shown === 0 ? 'No devices on this page' : `${first.toLocaleString('en-US')}–${(skip + shown).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`}
      </span>
      <button type="button" disabled={nextSkip === undefined} onClick={() => nextSkip !== undefined && onPage(nextSkip)}>Next page</button>
    </div>
  );
}
