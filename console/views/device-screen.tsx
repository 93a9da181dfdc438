/** The DeviceScreen view (skeleton: to be built). */
import { Placeholder } from './placeholder.js';

export function DeviceScreenView({ id }: { id: string }) {
  return <Placeholder title="DeviceScreen" detail={id} />;
}
