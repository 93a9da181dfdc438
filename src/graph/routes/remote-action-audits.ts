/**
 * Beta `GET /deviceManagement/remoteActionAudits[/{id}]`: the "Device actions" report, one entry per
 * accepted remote-action request (docs/graph-fidelity.md#remoteactionaudits-beta), with the collection's OData options.
 *
 * LIMITATIONS: read-only (real Graph also allows POST/PATCH/DELETE on it); beta only, as in real Graph.
 */
import { entityModel } from '../../schemas/edm.js';
import { graphEnums } from '../../schemas/enums.js';
import { RemoteActionAuditSchema, type RemoteActionAudit } from '../../schemas/remote-action-audit.js';
import { RemoteActionAuditCollectionSchema, RemoteActionAuditResponseSchema } from '../../schemas/graph-wire.js';
import type { GraphContext } from '../context.js';
import { readOnlyEntitySet } from '../entity-set.js';
import type { GraphRoute } from '../graph-route.js';

export const remoteActionAuditRoutes = (ctx: GraphContext): GraphRoute[] =>
  readOnlyEntitySet(ctx, {
    name: 'remoteActionAudits',
    path: '/deviceManagement/remoteActionAudits',
    model: entityModel('microsoft.graph.remoteActionAudit', RemoteActionAuditSchema),
    list: (intune, caller) => intune.remoteActionAudits(caller),
    // A tenant keeps its newest `--max-audits` audits (docs/simulation.md#bounds); how many went, when any did.
    listHeaders: (intune, caller) => {
      const dropped = intune.remoteActionAuditsDropped(caller);
      return dropped > 0 ? { 'x-mock-audits-dropped': String(dropped) } : ({} as Record<string, string>);
    },
    listHeaderNames: ['x-mock-audits-dropped'],
    get: (intune, caller, id) => intune.remoteActionAudit(caller, id),
    serialize: (audit: RemoteActionAudit, select, unknownMembers) => {
      const shown = unknownMembers || graphEnums.remoteAction[audit.action] <= graphEnums.remoteAction.unknownFutureValue ? audit : { ...audit, action: 'unknownFutureValue' as const };
      return select ? Object.fromEntries(select.map((k) => [k, (shown as Record<string, unknown>)[k]])) : { ...shown };
    },
    what: 'remote action audit',
    whatPlural: 'remote action audits',
    operation: 'readRemoteActionAudits',
    schemas: { entity: RemoteActionAuditResponseSchema, collection: RemoteActionAuditCollectionSchema },
  });
