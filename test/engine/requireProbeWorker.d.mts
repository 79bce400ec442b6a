// Types of the tests' plain-JavaScript require probe entry (requireProbeWorker.mjs).
import type { RequireProbe } from './requireProbeTask.js';

declare const probe: () => { ok: true; value: RequireProbe };
export default probe;
