/**
 * Live updates: the tenant's event stream (`GET /_mock/events`, server-sent events; docs/console.md#live-updates),
 * read with `fetch` rather than `EventSource` so that it carries the control key in a header, not the URL.
 * On a dropped stream (the mock restarted, a proxy timed out) it connects again after `retry` milliseconds (the
 * server's, 1 s by default), then every 1–5 s, and says so in `status`.
 */
import type { Api } from './api.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface RequestSummary {
  id: string;
  time: string;
  kind: 'graph' | 'token';
  method: string;
  path: string;
  status: number;
  throttling: 'throttled' | 'retriedTooEarly' | null;
}

/** The stream's events, as the control API sends them (docs/console.md#live-updates). */
export interface LiveEvents {
  hello: { tenant: string; revision: number; now: string };
  change: { revision: number; now: string };
  requests: { entries: RequestSummary[] };
  cleared: { what: 'journal' | 'faults' | 'tenant' };
  faults: { count: number };
  status: LiveStatus;
}

type Listener<K extends keyof LiveEvents> = (data: LiveEvents[K]) => void;

/** One server-sent event from the text of its lines (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export function parseEvent(block: string): { event: string; data: string; retry?: number } | undefined {
  let event = 'message';
  const data: string[] = [];
  let retry: number | undefined;
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  if (data.length === 0) return retry === undefined ? undefined : { event: '', data: '', retry };
  return { event, data: data.join('\n'), ...(retry === undefined ? {} : { retry }) };
}

export class Live {
  status: LiveStatus = 'connecting';
  /** The tenant's revision as last told; -1 before the stream says. */
  revision = -1;
  /** The tenant's clock as last told. */
  now: string | undefined;
  /** Why the stream was refused (the API's words), when it was: it is not tried again. */
  refusal: string | undefined;
  readonly #listeners = new Map<keyof LiveEvents, Set<(data: never) => void>>();
  #abort: AbortController | undefined;
  #retryMs = 1000;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly api: Api) {}

  on<K extends keyof LiveEvents>(type: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (data: never) => void);
    return () => set.delete(listener as (data: never) => void);
  }

  #emit<K extends keyof LiveEvents>(type: K, data: LiveEvents[K]): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as Listener<K>)(data);
  }

  #setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.#emit('status', status);
  }

  start(): void {
    this.#abort = new AbortController();
    void this.#connect(this.#abort.signal);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#setStatus('stopped');
  }

  async #connect(signal: AbortSignal): Promise<void> {
    try {
      const response = await fetch('/_mock/events', { headers: this.api.streamHeaders(), signal, cache: 'no-store' });
      // Refused for what this page sent (a tenant name the mock does not take, no control key): trying again would
      // be refused again. The views show the API's words for the same refusal; a new tenant or key starts anew.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        this.refusal = await response.text().then((t) => (JSON.parse(t) as { error?: { message?: string } }).error?.message).catch(() => undefined) ?? `the event stream answered ${response.status}`;
        this.#setStatus('stopped');
        return;
      }
      if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.search(/\r\n\r\n|\n\n|\r\r/)) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^(\r\n\r\n|\n\n|\r\r)/, '');
          this.#dispatch(block);
        }
      }
      throw new Error('the event stream ended');
    } catch {
      if (signal.aborted) return;
      this.#failures++;
      this.#setStatus('reconnecting');
      const delay = this.#failures === 1 ? this.#retryMs : Math.min(5000, this.#retryMs * this.#failures);
      this.#timer = setTimeout(() => void this.#connect(signal), delay);
    }
  }

  #dispatch(block: string): void {
    const event = parseEvent(block);
    if (!event) return;
    if (event.retry !== undefined) this.#retryMs = event.retry;
    if (event.event === '') return;
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    switch (event.event) {
      case 'hello': {
        const hello = data as LiveEvents['hello'];
        this.#failures = 0;
        this.#setStatus('live');
        // After a reconnect everything may have changed (a restart, a missed event): views fetch again.
        this.revision = hello.revision;
        this.now = hello.now;
        this.#emit('hello', hello);
        this.#emit('change', { revision: hello.revision, now: hello.now });
        break;
      }
      case 'change': {
        const change = data as LiveEvents['change'];
        this.revision = change.revision;
        this.now = change.now;
        this.#emit('change', change);
        break;
      }
      case 'requests':
      case 'cleared':
      case 'faults':
        this.#emit(event.event, data as never);
        break;
    }
  }
}
