/**
 * A typed client for the control API (`intune-mock/client`), for test suites: one method per control
 * endpoint, for one tenant (`forTenant()` for another). Errors are `MockAdminError` with the control
 * API's code, message and details. Built on undici, the HTTP client Node itself ships.
 */
import type { FaultRule, FaultRuleInput } from '../testkit/faults.js';
import type { JournalEntry } from '../testkit/journal.js';
import type { ClientReport, ThrottlingLimits, ThrottlingLimitsInput, ThrottlingReport } from '../throttling/schemas.js';
import type { Static } from '@sinclair/typebox';
import type { CreatedDeviceSchema, DeviceListQuerySchema, DeviceListSchema, DeviceStateSchema } from '../control/device-routes.js';
import type { DeviceActionsSchema } from '../control/device-actions-route.js';
import type { EventData } from '../control/events-route.js';
import type { MintedTokenSchema, MintTokenSchema } from '../control/identity-routes.js';
import type { DeviceEvent } from '../schemas/device-event.js';
import type { DeviceInput, Fixture } from '../schemas/fixture.js';
import type { User, UserInput } from '../schemas/user.js';

// The shapes come from the control API's own schemas (type-only imports: the client loads no server code).
export type DeviceState = Static<typeof DeviceStateSchema>;
export type CreatedDevice = Static<typeof CreatedDeviceSchema>;
export type DeviceListQuery = Static<typeof DeviceListQuerySchema>;
export type DeviceList = Static<typeof DeviceListSchema>;
export type TokenRequest = Static<typeof MintTokenSchema>;
export type IssuedToken = Static<typeof MintedTokenSchema>;
export type DeviceActions = Static<typeof DeviceActionsSchema>;

/** An event of `GET /_mock/events` (docs/console.md#the-event-stream), its `data` parsed. */
export type MockEvent = { [K in keyof EventData]: { event: K; data: EventData[K] } }[keyof EventData];
export type { ClientReport, ThrottlingLimits, ThrottlingLimitsInput, ThrottlingReport };

export class MockAdminError extends Error {
  override name = 'MockAdminError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface MockAdminClientOptions {
  /**
   * The mock's control key (README.md#control-key), sent as `x-mock-control-key`. Default: the environment's
   * `INTUNE_MOCK_CONTROL_KEY`, the variable the mock itself reads; none when neither is set (a mock on loopback needs none).
   */
  controlKey?: string;
}

export class MockAdminClient {
  readonly #controlKey: string | undefined;

  /** `baseUrl`: the mock's HTTP origin (`http://127.0.0.1:8080`). `tenant`: a GUID or a name; the default tenant when absent. */
  constructor(
    readonly baseUrl: string,
    readonly tenant?: string,
    options: MockAdminClientOptions = {},
  ) {
    const fromEnv = typeof process === 'undefined' ? undefined : process.env.INTUNE_MOCK_CONTROL_KEY;
    this.#controlKey = options.controlKey ?? (fromEnv === '' ? undefined : fromEnv);
  }

  /** The same mock, another tenant (and the same control key). */
  forTenant(tenant: string): MockAdminClient {
    return new MockAdminClient(this.baseUrl, tenant, this.#controlKey === undefined ? {} : { controlKey: this.#controlKey });
  }

  health = () => this.#call<{ status: string; version: string }>('GET', '/health');
  ready = () => this.#call<{ status: string }>('GET', '/ready');
  caPem = () => this.#call<string>('GET', '/ca.pem', undefined, 'text');

  /** The tenant back to its seed fixture; its faults, journal and throttling (limits too) cleared. */
  reset = () => this.#call<{ status: 'reset'; tenant: string }>('POST', '/reset');
  exportFixture = () => this.#call<Fixture>('GET', '/fixtures');
  /** Replaces the tenant's state (validated whole; nothing changes on a `400 invalidFixture`). */
  loadFixture = (fixture: Fixture) => this.#call<{ status: 'replaced'; devices: number }>('PUT', '/fixtures', fixture);

  /** Enrols a device; `createdUser` when its `userPrincipalName` was new to the tenant. */
  createDevice = (input: DeviceInput = {}) => this.#call<CreatedDevice>('POST', '/devices', input);
  device = (id: string) => this.#call<DeviceState>('GET', `/devices/${encodeURIComponent(id)}`);
  /** The simulated devices with their whole state, enrolled or not: filtered, a page at a time. */
  devices = (query: DeviceListQuery = {}) => {
    const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.#call<DeviceList>('GET', `/devices${qs ? `?${qs}` : ''}`);
  };
  /**
   * Every per-device remote action, whether Graph would accept it for the device now and, when not, the words
   * of Graph's refusal: what the console greys out.
   */
  deviceActions = (id: string) => this.#call<DeviceActions>('GET', `/devices/${encodeURIComponent(id)}/actions`);
  /** A device or end-user event; `409 conflict` when the device's state does not allow it. */
  sendEvent = (id: string, event: DeviceEvent | DeviceEvent['type']) =>
    this.#call<DeviceState>('POST', `/devices/${encodeURIComponent(id)}/events`, typeof event === 'string' ? { type: event } : event);

  /** The tenant's users, in the order they were added. */
  users = async () => (await this.#call<{ users: User[] }>('GET', '/users')).users;
  /** Adds a user (`userPrincipalName` required); `409 conflict` when the tenant has one with that name or id. */
  createUser = (input: UserInput) => this.#call<User>('POST', '/users', input);

  /** The tenant's time (each tenant has its own clock). */
  now = async () => new Date((await this.#call<{ now: string }>('GET', '/clock')).now);
  /** Moves the tenant's clock forward (other tenants' stay); everything due in the tenant happens before this resolves. */
  advanceClock = async (seconds: number) => new Date((await this.#call<{ now: string }>('POST', '/clock', { advanceSeconds: seconds })).now);
  /**
   * Moves every tenant's clock forward (the base clock; tenants not seen yet too), for a suite on one tenant;
   * each tenant applies what fell due on its next use. Resolves to this client's tenant's new time.
   */
  advanceAllClocks = async (seconds: number) => new Date((await this.#call<{ now: string }>('POST', '/clock', { advanceSeconds: seconds, allTenants: true })).now);

  addFault = (rule: FaultRuleInput) => this.#call<FaultRule>('POST', '/faults', rule);
  faults = async () => (await this.#call<{ faults: FaultRule[] }>('GET', '/faults')).faults;
  removeFault = (id: string) => this.#call<void>('DELETE', `/faults/${encodeURIComponent(id)}`);
  clearFaults = () => this.#call<void>('DELETE', '/faults');

  /** The tenant's journal, oldest first; `path` is a prefix, or a pattern with `*`. */
  requests = (filter: { method?: string; path?: string } = {}) => {
    const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return this.#call<{ requests: JournalEntry[]; dropped: number }>('GET', `/requests${q ? `?${q}` : ''}`);
  };
  clearRequests = () => this.#call<void>('DELETE', '/requests');
  /**
   * Requests that proved no tenant (a refused token, a token request that got no token), of every tenant:
   * find yours with `tenant` (the tenant they named). No tenant's own journal holds them.
   */
  unauthenticatedRequests = (filter: { method?: string; path?: string; tenant?: string } = {}) => {
    const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return this.#call<{ requests: JournalEntry[]; dropped: number }>('GET', `/requests/unauthenticated${q ? `?${q}` : ''}`);
  };
  clearUnauthenticatedRequests = () => this.#call<void>('DELETE', '/requests/unauthenticated');

  /**
   * The tenant's throttling (README.md#throttling): its limits, the windows now, and per client (app id) the
   * `429`s it was sent, its retries and its violations (requests before `Retry-After` had passed).
   */
  throttling = () => this.#call<ThrottlingReport>('GET', '/throttling');
  /** The tenant's limits; a field left out is Intune's (`{}`: all of Intune's). The windows start anew. */
  setThrottlingLimits = (limits: ThrottlingLimitsInput) => this.#call<ThrottlingLimits>('PUT', '/throttling/limits', limits);
  /** Clears the windows and the report; the limits stay. */
  clearThrottling = () => this.#call<void>('DELETE', '/throttling');

  /** A token without the OAuth exchange: `roles` for an app token, `scp` (+ `upn`) for a user token. */
  token = (req: TokenRequest = {}) => this.#call<IssuedToken>('POST', '/tokens', req);

  /**
   * The tenant's live updates (`GET /_mock/events`), `hello` first, until `signal` aborts or the mock closes:
   * `for await (const e of client.events({ signal }))`. Nothing is replayed: read the state after `hello`.
   */
  async *events(options: { signal?: AbortSignal } = {}): AsyncGenerator<MockEvent, void, undefined> {
    const { request } = await import('undici');
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${this.baseUrl}/_mock/events`, { method: 'GET', headers: this.#headers(false), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (err) {
      if (options.signal?.aborted) return; // aborted before the stream opened: it ends, as an abort while it is read does
      throw err;
    }
    if (res.statusCode !== 200) throw MockAdminClient.#error(res.statusCode, await res.body.text());
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body) {
        buffered += decoder.decode(chunk as Buffer, { stream: true });
        // https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation: a blank
        // line ends an event; the mock writes `event:` and one `data:` line, comments (`:`) and `retry:`.
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          let event: string | undefined;
          let data: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
          }
          if (event !== undefined && data !== undefined) yield { event, data: JSON.parse(data) } as MockEvent;
        }
      }
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    } finally {
      res.body.destroy();
    }
  }

  #headers(json: boolean): Record<string, string> {
    // An x-mock-* header on every call: the mock refuses a state change that a web page could have sent
    // (one without a JSON body or a header of its own: docs/security.md#cross-site-requests).
    const headers: Record<string, string> = { 'x-mock-client': 'intune-mock/client' };
    if (this.#controlKey !== undefined) headers['x-mock-control-key'] = this.#controlKey;
    if (this.tenant !== undefined) headers['x-mock-tenant'] = this.tenant;
    if (json) headers['content-type'] = 'application/json';
    return headers;
  }

  static #error(status: number, text: string): MockAdminError {
    let error: { code?: string; message?: string; details?: unknown } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // not the control API's body: keep the text
    }
    return new MockAdminError(status, error.code ?? 'httpError', error.message ?? text, error.details);
  }

  async #call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, as: 'json' | 'text' = 'json'): Promise<T> {
    const headers = this.#headers(body !== undefined);
    // undici is loaded by the first call, not with the module: the server builds a client for every start
    // (RunningMock.client), which most starts never call.
    const { request } = await import('undici');
    const res = await request(`${this.baseUrl}/_mock${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.statusCode === 204) {
      await res.body.dump();
      return undefined as T;
    }
    if (res.statusCode >= 400) throw MockAdminClient.#error(res.statusCode, await res.body.text());
    return (as === 'text' ? await res.body.text() : await res.body.json()) as T;
  }
}
