// Regenerates schema/scenario.schema.json from the zod schema (test/scenario/schema.test.ts
// fails when the committed file is out of date).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/scenarioSchema.js';

writeFileSync(new URL('../schema/scenario.schema.json', import.meta.url), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
