// Generated GeoJSON layers around Liaoning for the memory estimates' tests: the shapes the
// estimates were measured on (points, tiny squares, large outlines), small enough to stay fast.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `points`: hazard sites; `squares`: hazard squares of 0.0005° (5 positions); `outlines`: hazard polygons of 20,000 positions (0.1° across). */
export type GeneratedLayerShape = 'points' | 'squares' | 'outlines';

/**
 * Writes `count` features of `shape` (a fixed pseudo-random sequence: the same file every time)
 * into `folder` and returns its path. Coordinates have 6 decimals, as exported layers do.
 */
export function writeGeneratedLayer(folder: string, shape: GeneratedLayerShape, count: number): string {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const r6 = (value: number) => Math.round(value * 1e6) / 1e6;
  const features: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = 120.5 + random() * 3.4;
    const y = 39.5 + random() * 2.4;
    const properties = { name: 'm', type: shape === 'outlines' ? 'flood' : 'mine', weight: 1 };
    let geometry: object;
    if (shape === 'points') geometry = { type: 'Point', coordinates: [r6(x), r6(y)] };
    else if (shape === 'squares') {
      const d = 0.0005;
      geometry = { type: 'Polygon', coordinates: [[[r6(x), r6(y)], [r6(x + d), r6(y)], [r6(x + d), r6(y + d)], [r6(x), r6(y + d)], [r6(x), r6(y)]]] };
    } else {
      // A wavy circle (never crossing itself) of 20,000 positions.
      const ring: number[][] = [];
      for (let k = 0; k < 20_000; k++) {
        const a = (2 * Math.PI * k) / 20_000;
        const r = 0.1 * (1 + 0.05 * Math.sin(7 * a));
        ring.push([r6(x + r * Math.cos(a)), r6(y + r * Math.sin(a))]);
      }
      ring.push(ring[0]);
      geometry = { type: 'Polygon', coordinates: [ring] };
    }
    features.push(JSON.stringify({ type: 'Feature', properties, geometry }));
  }
  const path = join(folder, `${shape}-${count}.geojson`);
  writeFileSync(path, `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`);
  return path;
}
