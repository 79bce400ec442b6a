// Types of eslint.config.js's named export, for test/lint/layers.test.ts.
export const LAYERS: string[][];
declare const config: unknown[];
export default config;
