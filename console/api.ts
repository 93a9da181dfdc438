/**
 * The console's only door to the mock: the public control API (`/_mock/...`) and Graph, called as any test
 * would (docs/console.md#same-rules-as-the-api). Errors carry the API's own words: the control API's and
 * Graph's bodies are both `{"error": {"code", "message"}}`.
 */

/** The app id the console's Graph token names (journal entries and audits show it): docs/console.md. */
export const CONSOLE_APP_ID = 'c0a50e00-1e7e-4b5a-9d1c-0000000c0a50';

/** The control key header (docs/security.md#control-key). */
const KEY_HEADER = 'x-mock-control-key';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOptions {
  /** The tenant: a name (`contoso.onmicrosoft.com`, a CI job's label) or a GUID. */
  tenant: string;
  /** The control key, when the mock needs one (it listens beyond loopback). */
  key?: string | undefined;
}

/** What `fetch` gave, read as the API's answer: the parsed JSON body, or an ApiError in the API's words. */
async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    throw new ApiError(response.status, typeof error.code === 'string' ? error.code : String(response.status), error.message, error.details);
  }
  throw new ApiError(response.status, String(response.status), text.slice(0, 300) || response.statusText);
}

export class Api {
  readonly tenant: string;
  readonly key: string | undefined;
  #token: { value: string; until: number } | undefined;

  constructor(options: ApiOptions) {
    this.tenant = options.tenant;
    this.key = options.key;
  }

  /** Headers every control call carries: the tenant (also what makes a bodiless POST unforgeable), the key. */
  #controlHeaders(json: boolean): Record<string, string> {
    return {
      'x-mock-tenant': this.tenant,
      ...(this.key ? { [KEY_HEADER]: this.key } : {}),
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  /** A control API call: `path` after `/_mock` (e.g. `/devices?top=50`). */
  async control<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`/_mock${path}`, {
      method,
      headers: this.#controlHeaders(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return answer<T>(response);
  }

  /**
   * A Graph call with an app token minted for the tenant (`POST /_mock/tokens`), kept until a minute before it
   * expires: `path` from the version on (`/v1.0/deviceManagement/...`).
   */
  async graph<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const send = async (token: string) => fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const kept = this.#token !== undefined && this.#token.until > Date.now();
    let response = await send(await this.#bearer());
    // A kept token refused: the mock restarted with another signing key (a new container). Once, with a new one.
    if (response.status === 401 && kept) response = await send(await this.#bearer(true));
    return answer<T>(response);
  }

  async #bearer(fresh = false): Promise<string> {
    if (!fresh && this.#token && this.#token.until > Date.now()) return this.#token.value;
    const minted = await this.control<{ access_token: string; expires_in: number }>('POST', '/tokens', { appId: CONSOLE_APP_ID });
    this.#token = { value: minted.access_token, until: Date.now() + (minted.expires_in - 60) * 1000 };
    return minted.access_token;
  }

  /** The headers of the event stream (live.ts). */
  streamHeaders(): Record<string, string> {
    return this.#controlHeaders(false);
  }
}
