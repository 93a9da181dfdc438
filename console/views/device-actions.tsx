/** The DeviceActions view (skeleton: to be built). */
import { Placeholder } from './placeholder.js';

export function DeviceActionsView() {
  return <Placeholder title="DeviceActions" />;
}
