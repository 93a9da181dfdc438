/**
 * The console (docs/console.md): the tenant's fleet and what was done to it, laid out like the Intune admin
 * center (a left menu of Devices, Device actions; each device's page with its remote actions), plus the
 * simulated devices' screens and the test bench. Plain Preact (~5 KB gzipped): views are small functions of
 * what the API answers; no framework runtime, no CDN (it works with no network).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { LiveStatus } from './live.js';
import { href, useRoute, type Route } from './router.js';
import { SessionContext, useSession, useSessionState } from './session.js';
import { TenantSwitcher } from './components/ui.js';
import { DevicesView } from './views/devices.js';
import { DeviceView } from './views/device.js';
import { DeviceScreenView } from './views/device-screen.js';
import { DeviceActionsView } from './views/device-actions.js';
import { TestBenchView } from './views/test-bench.js';

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not live',
};

function LiveIndicator() {
  const { live } = useSession();
  const [status, setStatus] = useState(live.status);
  useEffect(() => {
    setStatus(live.status);
    return live.on('status', setStatus);
  }, [live]);
  return (
    <span class={`live live-${status}`} role="status" aria-label={`Live updates: ${STATUS_TEXT[status]}`} title={live.refusal}>
      {STATUS_TEXT[status]}
    </span>
  );
}

const NAV: { label: string; href: string; views: Route['view'][] }[] = [
  { label: 'Devices', href: href.devices(), views: ['devices', 'device', 'screen'] },
  { label: 'Device actions', href: href.actions(), views: ['actions'] },
  { label: 'Test bench', href: href.bench(), views: ['bench'] },
];

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'devices':
      return <DevicesView query={route.query} />;
    case 'device':
      return <DeviceView id={route.id} />;
    case 'screen':
      return <DeviceScreenView id={route.id} />;
    case 'actions':
      return <DeviceActionsView />;
    case 'bench':
      return <TestBenchView />;
    case 'notFound':
      return (
        <>
          <h1>Not found</h1>
          <p>The console has no page at <code>{route.hash}</code>. <a href={href.devices()}>Devices</a></p>
        </>
      );
  }
}

function App() {
  const session = useSessionState();
  const route = useRoute();
  useEffect(() => {
    document.title = `${NAV.find((n) => n.views.includes(route.view))?.label ?? 'Not found'} · ${session.tenant} · intune-mock console`;
  }, [route.view, session.tenant]);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="top-bar">
        <span class="product">intune-mock console</span>
        <TenantSwitcher />
        <LiveIndicator />
      </header>
      <div class="frame">
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.label}>
                <a href={n.href} aria-current={n.views.includes(route.view) ? 'page' : undefined}>{n.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {/* keyed by tenant: a switch starts every view afresh */}
        <main id="main" tabIndex={-1} key={session.tenant}>
          <View route={route} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
