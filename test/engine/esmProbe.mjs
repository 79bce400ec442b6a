// An ES module for the tests' require probe (requireProbeWorker.mjs) to require().
export default 'esm';
