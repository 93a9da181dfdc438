/**
 * Request ids (`request-id` on every answer, `client-request-id` when the client sends none, `innerError`'s
 * `request-id`): GUIDs, as Graph's (docs/graph-fidelity.md#response-headers), unique within the process. A random
 * version-4 GUID is drawn once per app; each request's id is it with its last 12 hex digits counting up. WHY not
 * `randomUUID()` per request: drawing and formatting one was a visible share of a GET's CPU (BENCHMARKS.md), and
 * nothing needs an id to be unguessable: it names a request, it proves nothing.
 */
import { randomUUID } from 'node:crypto';

/** The 48-bit counter is two 24-bit halves (6 hex digits each). */
const HALF = 2 ** 24;

const hex6 = (n: number): string => {
  const h = n.toString(16);
  return h.length < 6 ? '000000'.slice(h.length) + h : h;
};

/** `first`: the GUID the ids start after (a test gives its own). */
export function requestIds(first: string = randomUUID()): () => string {
  // `xxxxxxxx-xxxx-4xxx-Nxxx-` (version and variant kept) and a 48-bit counter starting at a random place.
  const prefix = first.slice(0, 24);
  const start = Number.parseInt(first.slice(24), 16);
  // WHY two halves: a 48-bit number is no small integer to V8, and its `toString(16)` took about 0.7 µs a request;
  // a 24-bit half's takes a tenth of that. The high half's digits change once in 16 million ids. The same ids, in
  // the same order, as one 48-bit counter (wrapping at 2^48).
  let high = Math.floor(start / HALF);
  let low = start % HALF;
  let head = prefix + hex6(high);
  return () => {
    if (++low === HALF) {
      low = 0;
      high = (high + 1) % HALF;
      head = prefix + hex6(high);
    }
    return head + hex6(low);
  };
}
