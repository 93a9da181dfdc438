/**
 * The mock's memory as the garbage collector leaves it, through the V8 inspector (the Chrome DevTools
 * Protocol): a full collection, then `process.memoryUsage()`. RSS read at any other moment swings by a third
 * with the collector's timing (docs/reliability.md#soak), so growth from pass to pass is judged on this.
 * The mock is started with `--inspect=127.0.0.1:0`, which prints the debugger's WebSocket URL on stderr.
 * https://chromedevtools.github.io/devtools-protocol/v8/HeapProfiler/#method-collectGarbage
 */
import { WebSocket } from 'undici';

export interface RetainedMemory {
  heapUsedBytes: number;
  rssBytes: number;
}

/** The debugger's URL, from the process's output. */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

export class Inspector {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (!waiting) return;
      this.#pending.delete(msg.id!);
      if (msg.error) waiting.reject(new Error(msg.error.message));
      else waiting.resolve(msg.result);
    });
  }

  static connect(url: string): Promise<Inspector> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => resolve(new Inspector(ws)), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
    });
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full collection (twice: the first may leave what finalizers free), then the process's memory. */
  async retained(): Promise<RetainedMemory> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const res = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
    const usage = JSON.parse(res.result.value) as { heapUsed: number; rss: number };
    return { heapUsedBytes: usage.heapUsed, rssBytes: usage.rss };
  }

  close(): void {
    this.#ws.close();
  }
}
