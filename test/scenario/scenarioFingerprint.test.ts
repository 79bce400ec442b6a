import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { scenarioFingerprint } from '../../src/scenario/scenarioFingerprint.js';

const fixtures = fileURLToPath(new URL('../fixtures/scenario/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'airreach-fingerprint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scenarioFingerprint', () => {
  it('is the same for the same files in any folder, and changes with a byte of an input', async () => {
    const a = join(work, 'a');
    const b = join(work, 'deeper', 'b');
    cpSync(fixtures, a, { recursive: true });
    cpSync(fixtures, b, { recursive: true });
    const fingerprintOf = async (folder: string) => (await scenarioFingerprint(await loadScenario(join(folder, 'small-more.json')))).fingerprint;
    const first = await fingerprintOf(a);
    expect(await fingerprintOf(b)).toBe(first);
    writeFileSync(join(b, 'hazards.geojson'), `${readFileSync(join(b, 'hazards.geojson'), 'utf8')} `);
    expect(await fingerprintOf(b)).not.toBe(first);
  });
});
