import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { INSTANCE_SCHEMAS, instanceJsonSchema, instanceSchema } from '../../../src/solvers/kernel/instanceSchemas.js';
import { generatedInstanceSchemaModule } from '../../../src/solvers/kernel/instanceSchemaModule.js';
import { INSTANCE_JSON_SCHEMA } from '../../../src/solvers/kernel/instanceJsonSchema.generated.js';
import { compileJsonSchema, type JsonSchema } from '../../../src/solvers/kernel/validateJsonSchema.js';
import { MODEL_NAMES, MODEL_REGISTRY, QUESTION_MODEL_NAMES } from '../../../src/solvers/kernel/modelRegistry.js';
import { scenarioJsonSchema } from '../../../src/scenario/scenarioSchema.js';
import { AirreachError } from '../../../src/errors.js';

const validate = compileJsonSchema(INSTANCE_JSON_SCHEMA);
const accepts = (value: unknown) => {
  try {
    validate(value, (violation) => new AirreachError(violation.code, violation.message, { where: { field: violation.pointer } }));
    return true;
  } catch (error) {
    if (error instanceof AirreachError) return false;
    throw error;
  }
};

describe('the instance schema', () => {
  it('matches the committed schema/instance.schema.json and generated module (run `npx tsx scripts/writeInstanceSchema.ts`)', () => {
    const schema = instanceJsonSchema();
    expect(JSON.parse(readFileSync(new URL('../../../schema/instance.schema.json', import.meta.url), 'utf8'))).toEqual(schema);
    expect(readFileSync(new URL('../../../src/solvers/kernel/instanceJsonSchema.generated.ts', import.meta.url), 'utf8')).toBe(generatedInstanceSchemaModule(schema));
  });

  it('uses only keywords the run-time validator checks (it refuses any other)', () => {
    expect(() => compileJsonSchema(INSTANCE_JSON_SCHEMA)).not.toThrow();
    expect(() => compileJsonSchema({ type: 'string', pattern: '^a' } as JsonSchema)).toThrow(/pattern/);
  });

  it('has one schema per model of the registry, and the scenario schema lists the registry\'s question models', async () => {
    expect(Object.keys(INSTANCE_SCHEMAS).sort()).toEqual([...MODEL_NAMES].sort());
    for (const name of MODEL_NAMES) expect(await MODEL_REGISTRY[name].instanceSchema()).toBe(INSTANCE_SCHEMAS[name]);
    const scenario = scenarioJsonSchema() as { properties: { questions: { items: { properties: { model: { enum: string[] } } } } } };
    expect(scenario.properties.questions.items.properties.model.enum).toEqual([...QUESTION_MODEL_NAMES]);
    expect(QUESTION_MODEL_NAMES).toEqual(['setCovering', 'maximalCovering', 'backupCovering', 'expectedCovering', 'pMedian', 'pCenter', 'maximumAvailability', 'doubleStandard', 'phasedRollout', 'fairCovering']);
  });

  it('accepts and refuses exactly what the zod schema does (generated instances, valid and broken)', () => {
    const number = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }));
    const odd = fc.constantFrom<unknown>(null, '5', true, [], {}, -1, 2.5, 1e308, -0.5);
    const matrix = fc.array(fc.array(number, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
    const base = fc.record({
      model: fc.constantFrom(...MODEL_NAMES),
      minutes: matrix,
      siteCount: fc.integer({ min: 1, max: 3 }),
      standardMinutes: number,
      busyFraction: fc.double({ min: 0, max: 0.99, noNaN: true }),
      demands: fc.array(number, { minLength: 1, maxLength: 3 }),
      capacities: fc.array(number, { minLength: 1, maxLength: 3 }),
      openingCosts: fc.array(number, { minLength: 1, maxLength: 3 }),
      fixedSites: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
    });
    // The fields each model's schema takes (the rest are deleted, so that the base is valid).
    const fieldsOf = (model: string) => Object.keys((INSTANCE_SCHEMAS as Record<string, { shape: object }>)[model].shape);
    const field = fc.constantFrom('minutes', 'siteCount', 'standardMinutes', 'busyFraction', 'demands', 'capacities', 'openingCosts', 'fixedSites', 'cover', 'candidateCount', 'aircraftPerSite', 'exactSiteCount', 'siteIds', 'sitecount', 'model');
    const mutation = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('drop' as const), field }),
      fc.record({ kind: fc.constant('set' as const), field, value: odd }),
      fc.record({ kind: fc.constant('cell' as const), value: odd }),
    );
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(base, mutation, (draw, change) => {
        const json: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(draw)) if (fieldsOf(draw.model).includes(key)) json[key] = value;
        if (change.kind === 'drop') delete json[change.field];
        if (change.kind === 'set') json[change.field] = change.value;
        if (change.kind === 'cell') (json.minutes as unknown[][])[0][0] = change.value;
        const byZod = instanceSchema.safeParse(json).success;
        if (byZod) valid++;
        else invalid++;
        expect(accepts(json), JSON.stringify(json)).toBe(byZod);
      }),
      { numRuns: 2000, seed: 17 },
    );
    // The generator must reach both sides, or the agreement proves little.
    expect(valid).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(200);
  });
});
