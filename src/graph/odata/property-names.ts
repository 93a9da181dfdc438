/**
 * Property names sent in another case (`deviceactionresults`, `SerialNumber`). OData names are case-sensitive;
 * Microsoft's OData library resolves them case-insensitively when asked to, an exact match first, then the
 * property whose name matches ignoring case (https://learn.microsoft.com/odata/webapi/caseinsensitiveandqualifiedfunctions),
 * and Intune answers such names in `$select` (powershell-intune-samples #35) and `$filter` (Intune-PowerShell-SDK #109).
 */
import type { EntityModel } from '../../schemas/entity-model.js';

const namesByLowerCase = new WeakMap<EntityModel, ReadonlyMap<string, string>>();

/** The model's own spelling of `name`: itself when it is one, else the property it names in another case; or undefined. */
export function canonicalName(name: string, model: EntityModel): string | undefined {
  if (model.properties.has(name)) return name;
  let names = namesByLowerCase.get(model);
  if (!names) namesByLowerCase.set(model, (names = new Map([...model.properties.keys()].map((k) => [k.toLowerCase(), k]))));
  return names.get(name.toLowerCase());
}
