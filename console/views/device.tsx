/** The Device view (skeleton: to be built). */
import { Placeholder } from './placeholder.js';

export function DeviceView({ id }: { id: string }) {
  return <Placeholder title="Device" detail={id} />;
}
