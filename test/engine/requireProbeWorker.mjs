// Worker entry of the tests' require probe (requireProbeTask.ts), in plain JavaScript so that a
// pool loads it without tsx, as it loads the built entries (dist/workers/*.js).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default () => {
  let required;
  try {
    required = require('./esmProbe.mjs').default;
  } catch (error) {
    required = error.code;
  }
  return { ok: true, value: { required, execArgv: process.execArgv } };
};
