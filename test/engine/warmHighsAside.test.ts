import { describe, expect, it } from 'vitest';
import { warmHighsAside } from '../../src/engine/warmHighsAside.js';

describe('warmHighsAside', () => {
  it('warms on a thread of its own and releases it, also when released mid-warm-up', async () => {
    const full = warmHighsAside({ scale: 0.2 });
    await expect(full.warmed).resolves.toBeUndefined();
    await full.release();
    // Released at once: the thread is stopped mid-solve, and neither promise rejects.
    const cut = warmHighsAside();
    await expect(cut.release()).resolves.toBeUndefined();
    await expect(cut.warmed).resolves.toBeUndefined();
  });
});
