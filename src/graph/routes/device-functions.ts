/**
 * Functions bound to a managedDevice (GET, a value back): beta `getFileVaultKey()`, the escrowed FileVault personal
 * recovery key of a Mac (https://learn.microsoft.com/graph/api/intune-devices-manageddevice-getfilevaultkey?view=graph-rest-beta: `200` and `{"value": String}`),
 * under `/deviceManagement`, `/users/{id}` and `/me`, with or without the `microsoft.graph.` qualifier. The
 * parentheses are OData's function call (the SDKs send them; the docs' examples leave them out): both are served, the
 * rewrite before routing (`wire.ts` `rewriteKeySyntax`) dropping them.
 */
import { Type } from '@sinclair/typebox';
import { EdmString } from '../../schemas/edm.js';
import type { GraphContext } from '../context.js';
import type { GraphRoute } from '../graph-route.js';
import { contextUrl } from '../collection.js';
import { origin, sendOData } from '../wire.js';
import { DEVICE_PATHS } from './device-actions.js';

const StringValueSchema = Type.Object({ '@odata.context': Type.String(), value: EdmString() });

export function deviceFunctionRoutes(ctx: GraphContext): GraphRoute[] {
  // getFileVaultKey is beta only: on /v1.0 its segment is one Graph does not have (graph/known-segments.ts).
  if (ctx.version !== 'beta') return [];
  return DEVICE_PATHS.flatMap((p) =>
    (['', 'microsoft.graph.'] as const).map((qualifier): GraphRoute => ({
      id: `${p.prefix}.${qualifier}getFileVaultKey`,
      method: 'GET',
      path: `${p.path}/${qualifier}getFileVaultKey`,
      operation: 'readFileVaultKey',
      summary: `Get the FileVault personal recovery key of ${p.whose} Mac`,
      success: { description: 'The key Intune holds in escrow (a rotateFileVaultKey replaces it when the Mac checks in). Also `…/getFileVaultKey()` and `…/microsoft.graph.getFileVaultKey()`.', schema: StringValueSchema },
      badRequest: `the device is not a corporate-owned Mac with FileVault on and its key escrowed (Intune's message; the mock's choice)${p.badRequest}`,
      // The qualified form is an alias, left out of the OpenAPI document.
      ...(qualifier ? { hidden: true } : {}),
      handler: ({ request, reply, caller, scope, id }) => {
        const value = ctx.intune.fileVaultKey(caller, scope, id);
        // A function returning Edm.String: Graph's context names the primitive type.
        return sendOData(reply.code(200), { '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, 'Edm.String', undefined, false), value });
      },
    })),
  );
}
