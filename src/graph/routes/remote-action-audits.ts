/**
 * Beta `GET /deviceManagement/remoteActionAudits[/{id}]`: the "Device actions" report, one entry per
 * accepted remote-action request (graph-facts.md §4.3), with the collection's OData options.
 *
 * LIMITATIONS: read-only (real Graph also allows POST/PATCH/DELETE on it); beta only, as in real Graph.
 */
import { DomainError } from '../../domain/errors.js';
import { entityModel } from '../../schemas/edm.js';
import { RemoteActionAuditSchema, type RemoteActionAudit } from '../../schemas/remote-action-audit.js';
import { collectionResponse, contextUrl, singleSelect } from '../collection.js';
import { callerTenant, type GraphContext } from '../context.js';
import type { GraphRoute } from '../route-table.js';
import { origin, sendOData } from '../wire.js';

const model = entityModel('microsoft.graph.remoteActionAudit', RemoteActionAuditSchema);
const CONTEXT = 'deviceManagement/remoteActionAudits';

const serialize = (audit: RemoteActionAudit, select: readonly string[] | undefined): Record<string, unknown> =>
  select ? Object.fromEntries(select.map((k) => [k, (audit as Record<string, unknown>)[k]])) : { ...audit };

export function remoteActionAuditRoutes(ctx: GraphContext): GraphRoute[] {
  return [
    {
      method: 'GET',
      path: '/deviceManagement/remoteActionAudits',
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        return sendOData(reply, collectionResponse({
          request, model, version: ctx.version, contextPath: CONTEXT, serialize,
          source: tenant.audits.values(),
          view: (a) => a as Record<string, unknown>,
        }));
      },
    },
    {
      method: 'GET',
      path: '/deviceManagement/remoteActionAudits/:id',
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        const select = singleSelect(request, model);
        const id = (request.params as { id: string }).id;
        const audit = tenant.audits.get(id) ?? tenant.audits.get(id.toLowerCase());
        if (!audit) throw new DomainError('auditNotFound', `No remote action audit with id '${id}' exists in this tenant.`, id);
        return sendOData(reply, {
          '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, CONTEXT, select, true),
          ...serialize(audit, select),
        });
      },
    },
  ];
}
