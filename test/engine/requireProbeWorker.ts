// The tests' require probe (requireProbeTask.ts) on a `.ts` entry: a pool's workers load it with
// tsx's loader.
export { default } from './requireProbeWorker.mjs';
