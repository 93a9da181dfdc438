/** The Devices view (skeleton: to be built). */
import { Placeholder } from './placeholder.js';

export function DevicesView({ query }: { query: URLSearchParams }) {
  return <Placeholder title="Devices" detail={String(query)} />;
}
