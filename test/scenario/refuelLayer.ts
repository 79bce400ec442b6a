import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `fuel.geojson` into `folder`: 10,000 refuelling points on a 100 × 100 lattice over
 * Liaoning (119.2–125.5° E, 38.8–43.3° N), enough for checkRefuelScan to warn of today's grid
 * (about 86 s of coverage), as the refuelling-scan tests use it.
 *
 * @example
 * writeRefuelLayer(folder); // then "refuelPoints": "fuel.geojson" in a scenario there
 */
export function writeRefuelLayer(folder: string): void {
  const features = Array.from({ length: 10_000 }, (_, k) => ({
    type: 'Feature',
    properties: { id: `f${k}` },
    geometry: { type: 'Point', coordinates: [119.2 + (6.3 * (k % 100)) / 100, 38.8 + (4.5 * Math.floor(k / 100)) / 100] },
  }));
  writeFileSync(join(folder, 'fuel.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
}
