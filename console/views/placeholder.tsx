/** A view not built yet (the skeleton's; each is replaced by its own file). */
export function Placeholder({ title, detail }: { title: string; detail?: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p class="muted">Not built yet.{detail ? ` (${detail})` : ''}</p>
    </>
  );
}
