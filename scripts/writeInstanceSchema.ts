// Regenerates schema/instance.schema.json and src/solvers/kernel/instanceJsonSchema.generated.ts
// from the zod instance schemas (test/solvers/kernel/instanceSchema.test.ts fails when either is
// out of date). The generated module is what `parseInstance` validates against at run time.
import { writeFileSync } from 'node:fs';
import { instanceJsonSchema } from '../src/solvers/kernel/instanceSchemas.js';
import { generatedInstanceSchemaModule } from '../src/solvers/kernel/instanceSchemaModule.js';

const schema = instanceJsonSchema();
writeFileSync(new URL('../schema/instance.schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync(new URL('../src/solvers/kernel/instanceJsonSchema.generated.ts', import.meta.url), generatedInstanceSchemaModule(schema));
