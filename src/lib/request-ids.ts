/**
 * Request ids (`request-id` on every answer, `client-request-id` when the client sends none, `innerError`'s
 * `request-id`): GUIDs, as Graph's (docs/graph-fidelity.md#response-headers), unique within the process. A random
 * version-4 GUID is drawn once per app; each request's id is it with its last 12 hex digits counting up. WHY not
 * `randomUUID()` per request: drawing and formatting one was a visible share of a GET's CPU (BENCHMARKS.md), and
 * nothing needs an id to be unguessable: it names a request, it proves nothing.
 */
import { randomUUID } from 'node:crypto';

const SPAN = 2 ** 48;

export function requestIds(): () => string {
  const first = randomUUID();
  // `xxxxxxxx-xxxx-4xxx-Nxxx-` (version and variant kept) and a 48-bit counter starting at a random place.
  const prefix = first.slice(0, 24);
  let counter = Number.parseInt(first.slice(24), 16);
  return () => {
    counter = (counter + 1) % SPAN;
    const hex = counter.toString(16);
    return prefix + (hex.length < 12 ? '0'.repeat(12 - hex.length) + hex : hex);
  };
}
