/**
 * Where a simulated device is (docs/simulation.md#devices): the `location` of its simulation, or, when a
 * fixture gives none, a position derived from its id near one of Contoso's offices, so a device is always
 * in the same place and a seed repeats a fleet. The draws come from a random of their own (seeded by the
 * device id), so adding locations left every other generated value as it was.
 */
import type { SimulationLocation } from '../schemas/simulation.js';
import { createRandom } from './random.js';

/** Office sites [latitude, longitude, altitude m]: US ones, and UK ones for devices on a UK carrier. */
const US_SITES: ReadonlyArray<readonly [number, number, number]> = [
  [47.6423, -122.1368, 60], // Redmond
  [47.6062, -122.3321, 50], // Seattle
  [40.7549, -73.984, 20], // New York
  [41.8837, -87.6324, 180], // Chicago
  [32.7767, -96.797, 140], // Dallas
  [37.7897, -122.3942, 15], // San Francisco
];
const UK_SITES: ReadonlyArray<readonly [number, number, number]> = [
  [51.5154, -0.1419, 25], // London
  [51.4613, -0.9267, 45], // Reading
  [53.4794, -2.2453, 40], // Manchester
];

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** A plausible position for device `id`: within about 3 km of an office, with a GPS-like accuracy. */
export function locationFor(id: string, uk = false): SimulationLocation {
  const random = createRandom(`location:${id}`);
  const [lat, lon, alt] = random.pick(uk ? UK_SITES : US_SITES);
  return {
    latitude: round(lat + (random.next() - 0.5) * 0.05, 6),
    longitude: round(lon + (random.next() - 0.5) * 0.07, 6),
    altitude: round(alt + random.next() * 30, 1),
    horizontalAccuracy: random.pick([5, 10, 16, 35, 65]),
  };
}
