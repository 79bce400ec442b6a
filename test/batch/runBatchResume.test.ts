import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runBatch, RUN_MANIFEST } from '../../src/batch/runBatch.js';

const fixtures = fileURLToPath(new URL('../fixtures/scenario/', import.meta.url));

describe('runBatch resume', () => {
  it('skips scenarios whose inputs are unchanged, recomputes the changed one, and reruns a scenario with a missing output', async () => {
    const work = mkdtempSync(join(tmpdir(), 'airreach-resume-'));
    const scenarios = join(work, 'scenarios');
    const out = join(work, 'out');
    try {
      cpSync(fixtures, scenarios, { recursive: true });
      const paths = ['small.json', 'small-more.json'].map((name) => join(scenarios, name));
      const first = await runBatch(paths, { outFolder: out, threads: 1 });
      expect(first.scenarios.map((s) => s.status)).toEqual(['done', 'done']);
      const manifest = JSON.parse(readFileSync(join(out, 'small', RUN_MANIFEST), 'utf8'));
      expect(manifest.inputs).toContain(join(scenarios, 'hazards.geojson'));
      expect(manifest.outputs).toContain('summary.json');

      const second = await runBatch(paths, { outFolder: out, threads: 1 });
      expect(second.scenarios.map((s) => s.status)).toEqual(['skipped', 'skipped']);

      // small-more adds a base inline: editing it changes only its own fingerprint.
      const more = JSON.parse(readFileSync(paths[1], 'utf8'));
      more.bases[1].latDeg = 40.95;
      writeFileSync(paths[1], JSON.stringify(more));
      const third = await runBatch(paths, { outFolder: out, threads: 1 });
      expect(third.scenarios.map((s) => s.status)).toEqual(['skipped', 'done']);

      // A shared layer changes: both rerun.
      const hazards = JSON.parse(readFileSync(join(scenarios, 'hazards.geojson'), 'utf8'));
      hazards.features[0].properties.weight = 3;
      writeFileSync(join(scenarios, 'hazards.geojson'), JSON.stringify(hazards));
      expect((await runBatch(paths, { outFolder: out, threads: 1 })).scenarios.map((s) => s.status)).toEqual(['done', 'done']);

      // A deleted output makes the scenario incomplete: it reruns.
      rmSync(join(out, 'small', 'summary.json'));
      expect((await runBatch(paths, { outFolder: out, threads: 1 })).scenarios.map((s) => s.status)).toEqual(['done', 'skipped']);
      expect(existsSync(join(out, 'small', 'summary.json'))).toBe(true);

      // resume: false recomputes everything.
      expect((await runBatch(paths, { outFolder: out, threads: 1, resume: false })).scenarios.map((s) => s.status)).toEqual(['done', 'done']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
