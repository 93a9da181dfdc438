/** The TestBench view (skeleton: to be built). */
import { Placeholder } from './placeholder.js';

export function TestBenchView() {
  return <Placeholder title="TestBench" />;
}
