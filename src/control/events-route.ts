/**
 * `GET /_mock/events`: one tenant's live updates as server-sent events (docs/console.md#live-updates), for the
 * console: its state changed (`Tenants.onChange`, through `Intune.watch`), requests arrived in its journal,
 * its journal was cleared or the tenant reset, its fault rules changed. Coalesced per stream (at most one
 * event of a kind per COALESCE_MS), bounded in number (MAX_STREAMS), and ended when the app closes.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { isoAt } from '../domain/clock.js';
import type { Intune } from '../domain/intune.js';
import type { FaultRegistry } from '../testkit/faults.js';
import { JournalEntrySchema, type JournalEntry, type RequestJournal } from '../testkit/journal.js';
import { respondAs } from '../openapi/components.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';
import { removeListener } from '../lib/listeners.js';

/** Open streams per process: each holds a connection, timers and listeners. */
export const MAX_STREAMS = 64;
/** At most one `change` and one `requests` event per stream per this many milliseconds. */
export const COALESCE_MS = 200;
const KEEP_ALIVE_MS = 15_000;
const ENTRIES_PER_EVENT = 100;
/** Journal entries a stream holds for its client at most (a journal's default size); older ones are dropped. */
const MAX_QUEUED_ENTRIES = 1000;
/** A client that reads nothing while this much waits unsent is let go (it reconnects and reads afresh). */
const MAX_UNSENT_BYTES = 1024 * 1024;

const QuerySchema = Type.Object({
  tenant: Type.Optional(Type.String({ description: 'The tenant, as in `x-mock-tenant` (which wins): an `EventSource` cannot send headers.' })),
  key: Type.Optional(Type.String({ description: 'The control key, when the mock asks for one and the client cannot send the `x-mock-control-key` header (an `EventSource`). It then appears in URLs (access logs): prefer the header (docs/security.md#control-key).' })),
}, { additionalProperties: false });

type Cleared = 'journal' | 'tenant';

const revision = Type.Integer({ minimum: 0, description: 'The tenant\'s revision: one more for each change.' });
const now = Type.String({ format: 'date-time', description: 'The tenant\'s clock.' });
/** Each event's `data` (the stream's one shape for the route and for the admin client's `events()`). */
export const EventDataSchemas = {
  hello: Type.Object({ tenant: Type.String(), revision, now }),
  change: Type.Object({ revision, now }),
  requests: Type.Object({
    entries: Type.Array(Type.Pick(JournalEntrySchema, ['id', 'time', 'kind', 'method', 'path', 'status', 'throttling'])),
  }),
  cleared: Type.Object({ what: Type.Union([Type.Literal('journal'), Type.Literal('tenant')]) }),
  faults: Type.Object({ count: Type.Integer({ minimum: 0 }) }),
};
export type EventData = { [K in keyof typeof EventDataSchemas]: Static<(typeof EventDataSchemas)[K]> };

/** The tenant of a stream: `x-mock-tenant`, else the `tenant` query parameter (an EventSource sends no headers). */
function streamTenantId(request: FastifyRequest<{ Querystring: Record<string, unknown> }>): string {
  for (const name of Object.keys(request.query)) {
    if (name !== 'tenant' && name !== 'key') {
      throw ControlError.invalid(`Unknown query parameter '${name}': /_mock/events takes tenant and key.`, [{ path: `$.${name}`, message: 'must NOT have additional properties' }]);
    }
  }
  const query = request.query.tenant;
  if (Array.isArray(query)) throw ControlError.invalid('Give the tenant once.', [{ path: '$.tenant', message: 'must be string' }]);
  return controlTenantId(request, query as string | undefined, 'The tenant');
}

export interface EventsRouteOptions {
  intune: Intune;
  journal: RequestJournal;
  faults: FaultRegistry;
}

export async function eventsRoute(app: FastifyInstance, opts: EventsRouteOptions): Promise<void> {
  const { intune, journal, faults } = opts;
  const open = new Set<() => void>();
  // Before the server closes: an open response would hold `app.close()` until the client went away.
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });

  app.get<{ Querystring: Record<string, unknown> }>('/events', {
    schema: {
      ...controlDoc('events', 'Live updates of the tenant (server-sent events)', {
        tenant: true,
        description: 'A `text/event-stream`: `hello` (`tenant`, `revision`, `now`) first, then `change` (`revision`, `now`) when the tenant\'s state changed, `requests` (`entries`: `id`, `time`, `kind`, `method`, `path`, `status`, `throttling`) for new journal entries, `cleared` (`what`: `journal` or `tenant`) when its journal is cleared or the tenant reset, and `faults` (`count`) when its fault rules change; at most one `change` and one `requests` event per 200 ms, a `: keep-alive` comment every 15 s. The tenant may be given as the `tenant` query parameter and the control key as `key` (an `EventSource` sends no headers). Ends when the mock closes.',
      }),
      querystring: QuerySchema,
      response: {
        200: respondAs('The stream of server-sent events.', 'text/event-stream'),
        400: badRequest('An unknown query parameter (`invalidRequest`), or a bad tenant (`invalidTenant`)'),
        503: controlError(`${MAX_STREAMS} streams are open already (\`tooManyStreams\`).`),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request, reply) => {
    const tenantId = streamTenantId(request);
    if (open.size >= MAX_STREAMS) {
      throw new ControlError(503, 'tooManyStreams', `${MAX_STREAMS} event streams are open already; close one (a console tab) and try again.`);
    }
    const body = new PassThrough();
    let changed = false;
    let faultsChanged = false;
    const cleared: Cleared[] = [];
    let entries: Array<() => JournalEntry> = [];
    let timer: NodeJS.Timeout | undefined;
    let lastFlush = 0;

    let ended = false;
    const write = (text: string) => {
      if (ended) return;
      body.write(text);
      if (body.writableLength > MAX_UNSENT_BYTES) end();
    };
    const send = <K extends keyof EventData>(event: K, data: EventData[K]) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const flush = () => {
      try {
        emit();
      } catch (err) {
        // On a timer: a failure must not take the process down; the client reconnects and reads afresh.
        request.log.error({ err }, 'event stream failed');
        end();
      }
    };
    const emit = () => {
      timer = undefined;
      lastFlush = Date.now();
      for (const what of cleared.splice(0)) send('cleared', { what });
      if (faultsChanged) {
        faultsChanged = false;
        send('faults', { count: faults.count(tenantId) });
      }
      if (changed) {
        changed = false;
        send('change', { revision: intune.revision(tenantId), now: isoAt(intune.now(tenantId)) });
      }
      if (entries.length > 0) {
        const batch = entries.slice(0, ENTRIES_PER_EVENT);
        entries = entries.slice(ENTRIES_PER_EVENT);
        send('requests', {
          entries: batch.map((read) => {
            const { id, time, kind, method, path, status, throttling } = read();
            return { id, time, kind, method, path, status, throttling };
          }),
        });
        if (entries.length > 0) schedule();
      }
    };
    // Never inside the caller (a unit of work is running when Tenants.onChange is told): on a timer, unref'd.
    const schedule = () => {
      if (timer !== undefined || ended) return;
      timer = setTimeout(flush, Math.max(0, lastFlush + COALESCE_MS - Date.now()));
      timer.unref();
    };

    const onRecord = (id: string, read: () => JournalEntry) => {
      if (id !== tenantId) return;
      entries.push(read);
      if (entries.length > MAX_QUEUED_ENTRIES) entries.shift();
      schedule();
    };
    const onClear = (id: string) => {
      if (id !== tenantId) return;
      entries = [];
      if (!cleared.includes('journal')) cleared.push('journal');
      schedule();
    };
    const onFaults = (id: string) => {
      if (id !== tenantId) return;
      faultsChanged = true;
      schedule();
    };
    const unwatch = intune.watch(tenantId, {
      change: () => {
        changed = true;
        schedule();
      },
      reset: () => {
        cleared.push('tenant');
        changed = true;
        schedule();
      },
    });
    journal.onRecord.push(onRecord);
    journal.onClear.push(onClear);
    faults.onChange.push(onFaults);
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();

    const cleanUp = () => {
      if (ended) return;
      ended = true;
      open.delete(end);
      clearTimeout(timer);
      clearInterval(keepAlive);
      unwatch();
      removeListener(journal.onRecord, onRecord);
      removeListener(journal.onClear, onClear);
      removeListener(faults.onChange, onFaults);
    };
    function end() {
      cleanUp();
      if (!body.writableEnded) body.end();
    }
    open.add(end);
    // The client went away (Fastify destroys the body then) or the response ended.
    reply.raw.on('close', cleanUp);
    body.on('close', cleanUp);

    write('retry: 1000\n\n');
    send('hello', { tenant: tenantId, revision: intune.revision(tenantId), now: isoAt(intune.now(tenantId)) });
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // A reverse proxy (nginx) would otherwise hold the events back.
      .header('x-accel-buffering', 'no')
      .send(body);
  });
}
