import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/scenario/loadScenario.js';

const todayPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning', 'today.json');

/**
 * Writes `count` variants of data/liaoning/today.json into `folder` (cruise speed, activation and
 * fleet varied; without the siting parts: curve, depots, questions), each extending a `base.json`
 * written beside them, and returns their paths. The batch and queue benchmarks run these.
 *
 * @example
 * const paths = await writeLiaoningVariants(mkdtempSync(join(tmpdir(), 'bench-')), 20);
 */
export async function writeLiaoningVariants(folder: string, count: number): Promise<string[]> {
  // The base: today's scenario with its paths made absolute (they point into the bundled data,
  // which scenarios may always read) and without its siting parts.
  const { scenario: today } = await loadScenario(todayPath);
  const { curve: _curve, depots: _depots, questions: _questions, ...base } = today;
  writeFileSync(join(folder, 'base.json'), JSON.stringify(base));
  const speedOf: Record<string, number> = { H135: 254, H145: 246, AW139: 305.6 };
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const speed = [0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15][i % 7];
    const delta = [-5, 0, 5][i % 3];
    const fleet = ['H135', 'H145', 'AW139', 'H135'][i % 4];
    const variant = {
      extends: 'base.json',
      name: `variant-${i + 1}`,
      defaultFleet: [{ aircraftTypeId: fleet, count: 1 }],
      aircraft: { [fleet]: { cruiseSpeedKmh: speedOf[fleet] * speed, activationMinutesDay: 10 + delta, activationMinutesNight: 20 + delta } },
    };
    const path = join(folder, `variant-${String(i + 1).padStart(2, '0')}.json`);
    writeFileSync(path, JSON.stringify(variant));
    paths.push(path);
  }
  return paths;
}
