/**
 * Beta `GET /deviceManagement/remoteActionAudits[/{id}]`: the "Device actions" report, one entry per
 * accepted remote-action request (docs/graph-fidelity.md#remoteactionaudits-beta), with the collection's OData options.
 *
 * LIMITATIONS: read-only (real Graph also allows POST/PATCH/DELETE on it); beta only, as in real Graph.
 */
import { entityModel } from '../../schemas/edm.js';
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
    get: (intune, caller, id) => intune.remoteActionAudit(caller, id),
    serialize: (audit: RemoteActionAudit, select) =>
      select ? Object.fromEntries(select.map((k) => [k, (audit as Record<string, unknown>)[k]])) : { ...audit },
    what: 'remote action audit',
    operation: 'readRemoteActionAudits',
    schemas: { entity: RemoteActionAuditResponseSchema, collection: RemoteActionAuditCollectionSchema },
  });
