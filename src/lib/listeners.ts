/** Takes a listener out of a hook list (Tenants.onChange and onReset, the journal's onRecord and onClear, …): the first copy, if any. */
export function removeListener<T>(list: T[], listener: T): void {
  const i = list.indexOf(listener);
  if (i !== -1) list.splice(i, 1);
}
