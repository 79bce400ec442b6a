import { z } from 'zod';

/*
 * The scenario file format. One zod schema is the single source of truth: it validates files
 * (errors name the JSON path), gives the TypeScript types, and is exported as the JSON Schema
 * shipped in `schema/scenario.schema.json` for editor completion.
 */

const positive = z.number().positive();
const fileRef = z.string().min(1).describe('Path relative to the scenario file');

const fleetEntry = z
  .object({ aircraftTypeId: z.string().min(1), count: z.number().int().positive() })
  .strict()
  .describe('A number of aircraft of one type stationed at a base');

const siteRole = z.enum(['existing', 'required', 'candidate', 'forbidden']);

const inlineSite = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    latDeg: z.number().min(-90).max(90),
    lngDeg: z.number().min(-180).max(180),
    role: siteRole,
    fleet: z.array(fleetEntry).optional(),
    cost: z.number().nonnegative().optional(),
    source: z.string().optional(),
    sourceUrl: z.string().optional(),
    operator: z.string().optional(),
    precisionKm: z.number().nonnegative().optional().describe('How far the real base may lie from the point given'),
    confidence: z.enum(['high', 'medium', 'low']).optional(),
    dayNight: z.string().optional().describe('Day/night capability as documented, in words'),
  })
  .strict()
  .describe('One base or candidate site given inline');

const siteFile = z
  .object({
    file: fileRef.describe('GeoJSON Point layer; each feature needs properties.id (or ident) and name'),
    role: siteRole,
    where: z
      .record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])))
      .optional()
      .describe('Keep features whose property values are in these lists, e.g. {"kind": ["civil"]}'),
    fleet: z.array(fleetEntry).optional().describe('Fleet given to every site of the file (default: the scenario defaultFleet)'),
    cost: z.number().nonnegative().optional(),
  })
  .strict();

const aircraftOverride = z
  .object({
    name: z.string().optional(),
    kind: z.enum(['helicopter', 'fixedWing']).optional(),
    cruiseSpeedKmh: positive.optional(),
    cruiseSpeedKnots: positive.optional().describe('Alternative to cruiseSpeedKmh; converted once on reading'),
    activationMinutesDay: z.number().nonnegative().optional(),
    activationMinutesNight: z.number().nonnegative().optional(),
    nightCapable: z.boolean().optional(),
    rangeKm: positive.optional(),
    rangeNauticalMiles: positive.optional().describe('Alternative to rangeKm; converted once on reading'),
    reserveMinutes: z.number().nonnegative().optional(),
    fixedMinutes: z.number().nonnegative().optional(),
    sources: z.array(z.string()).optional(),
    basedOn: z.string().optional().describe('Catalogue id to copy the figures from before applying these'),
  })
  .strict();

const demandMix = z
  .object({ sites: z.number().nonnegative(), areas: z.number().nonnegative(), people: z.number().nonnegative() })
  .strict()
  .describe('Shares of total demand for named hazard sites, area hazards and people (see buildDemandGrid)');

const question = z
  .object({
    model: z.enum([
      'setCovering',
      'maximalCovering',
      'backupCovering',
      'expectedCovering',
      'pMedian',
      'pCenter',
    ]),
    label: z.string().optional(),
    standardMinutes: z.union([positive, z.literal('binding')]).optional().describe('Minutes, or "binding": the longest standard the bases do not meet (day before night)'),
    siteCount: z.number().int().positive().optional(),
    additionalSites: z.number().int().positive().optional().describe('Sites to add to the existing ones (the existing stay fixed)'),
    budget: z.number().positive().optional(),
    busyFraction: z.number().min(0).max(1).optional(),
    period: z.enum(['day', 'night', 'binding']).optional().describe('"binding": the period of the binding standard'),
    demand: z.enum(['all', 'hazard']).optional().describe('Weights: all demand (hazard + population), or hazard demand only'),
    keepExisting: z.boolean().optional().describe('Keep existing bases as chosen sites (default true); required bases are always kept'),
    timeLimitSeconds: positive.optional(),
    seed: z.number().int().optional(),
  })
  .strict();

/** The scenario schema (zod). Use {@link parseScenarioObject} to validate with located errors. */
export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    extends: fileRef.optional().describe('Another scenario file whose fields this one overrides'),
    layers: z
      .object({
        extent: fileRef.optional().describe('Polygon(s) the grid covers, e.g. the province outline'),
        regions: z
          .object({ file: fileRef, nameField: z.string().default('name') })
          .strict()
          .optional()
          .describe('Region polygons (prefectures) for per-region summaries'),
        hazards: z.array(fileRef).min(1).optional().describe('Hazard layers: properties name, type, weight, (radiusKm for points)'),
        population: fileRef.optional().describe('Population points: properties population, optional radiusKm'),
      })
      .strict()
      .optional(),
    grid: z
      .object({
        resolution: z.number().int().min(0).max(15).optional(),
        populationWeightPerPerson: z.number().nonnegative().optional(),
        urbanDensityPerKm2: positive.optional(),
        cellBudget: z.number().int().positive().optional(),
        demandMix: demandMix.optional().describe('The mix rule: shares of total demand for sites, area hazards and people; without it the legacy weight × area + population rule'),
      })
      .strict()
      .optional(),
    aircraft: z.record(z.string(), aircraftOverride).optional().describe('Aircraft types added to, or overriding, the catalogue'),
    defaultFleet: z.array(fleetEntry).optional(),
    bases: z.array(z.union([inlineSite, siteFile])).optional(),
    standardsMinutes: z.array(positive).min(1).optional(),
    periods: z.array(z.enum(['day', 'night'])).min(1).optional(),
    questions: z.array(question).optional(),
    curve: z
      .object({
        standardsMinutes: z.array(positive).min(1),
        additionalSites: z.number().int().positive().max(100),
        period: z.enum(['day', 'night']).optional(),
        demand: z.enum(['all', 'hazard']).optional(),
        timeLimitSeconds: positive.optional(),
      })
      .strict()
      .optional()
      .describe("Coverage versus number of bases: today's bases kept, then 1…additionalSites more from the candidates"),
    sweep: z
      .object({
        cruiseSpeedFactors: z.array(positive).optional().describe('Multiply every fleet type\'s cruise speed, e.g. [0.9, 1.1]'),
        activationDeltaMinutes: z.array(z.number()).optional().describe('Add to every fleet type\'s day and night activation minutes, e.g. [-5, 5]'),
        nightOperations: z.array(z.boolean()).optional().describe('[false] adds a variant with no night flying at all'),
        demandMixes: z.array(demandMix).optional().describe('Variants with the demand built from each mix, e.g. [{ "sites": 0.6, "areas": 0.2, "people": 0.2 }]'),
        mode: z.enum(['oneAtATime', 'grid']).optional().describe('Vary one factor at a time around the scenario (default), or every combination'),
      })
      .strict()
      .optional()
      .describe('Sensitivity sweep: `airreach sweep` expands the scenario into variants and compares them'),
    depots: z
      .object({
        model: z.enum(['pMedian', 'facilityLocation']).optional(),
        siteCount: z.number().int().positive().optional().describe('Depots to open besides the fixed ones (pMedian); a cap for facilityLocation'),
        candidates: z
          .object({
            file: fileRef,
            where: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
            capacityTonnes: positive,
            tierLevel: z.number().int().min(0).max(3).optional(),
            openingCost: z.number().nonnegative().optional(),
          })
          .strict(),
        fixed: z
          .array(
            z
              .object({
                id: z.string().min(1),
                name: z.string().optional(),
                latDeg: z.number().min(-90).max(90),
                lngDeg: z.number().min(-180).max(180),
                capacityTonnes: positive,
                tierLevel: z.number().int().min(0).max(3).optional(),
              })
              .strict(),
          )
          .optional()
          .describe('Existing depots that stay, e.g. the Shenyang central depot'),
        tonnesPerBase: z.number().nonnegative().optional().describe('Expected stock each rescue base draws (flown out to scenes)'),
        tonnesPerHazardDemand: z.number().nonnegative().optional().describe('Expected stock per unit of hazard demand of a cell'),
        clientResolution: z.number().int().min(0).max(15).optional().describe('H3 resolution hazard cells are grouped to as depot clients (default 5)'),
        standardMinutes: positive.optional().describe('Ground-time standard: a client may only be served within it'),
        baseMode: z.enum(['road', 'air']).optional(),
        maxMinutesToUpper: z.array(z.number().nonnegative()).optional().describe('Tier rule: entry k = most minutes from a tier-k depot to a tier-(k-1) one'),
        timeLimitSeconds: positive.optional(),
      })
      .strict()
      .optional()
      .describe('Material depots serving the rescue bases and the hazard cells'),
    conditions: z
      .object({
        daylight: z
          .object({
            year: z.number().int().min(1900).max(2200),
            month: z.number().int().min(1).max(12).optional(),
            reference: z.enum(['sunrise', 'civil']).optional(),
            marginMinutes: z.number().min(0).max(120).optional(),
          })
          .strict()
          .optional()
          .describe('Period over which day and night are weighted (night share from sunrise/sunset, Beijing calendar)'),
        weather: z
          .object({
            file: fileRef,
            zone: z.string().optional(),
            month: z.union([z.number().int().min(1).max(12), z.literal('year')]).optional(),
            dependence: z.enum(['shared', 'independent']).optional(),
          })
          .strict()
          .optional()
          .describe('Flyable-share data (see data/liaoning/conditions/weather.json)'),
        busyFraction: z.number().min(0).max(1).optional().describe('Share of time an aircraft is busy on another mission'),
        hospitals: z
          .object({ file: fileRef, kinds: z.array(z.string()).optional() })
          .strict()
          .optional()
          .describe('Receiving hospitals (Points); with `kinds`, only features whose properties.kind is listed'),
        onSceneMinutes: z.number().nonnegative().optional(),
      })
      .strict()
      .optional()
      .describe('Operating conditions: day/night weighting, weather availability, busy aircraft, the hospital leg'),
    outputs: z
      .object({
        cells: z.enum(['all', 'demand']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A scenario as written in a file (before `extends` is resolved and defaults applied). */
export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type ScenarioQuestion = z.infer<typeof question>;
export type ScenarioSiteEntry = z.infer<typeof inlineSite> | z.infer<typeof siteFile>;
export type AircraftOverride = z.infer<typeof aircraftOverride>;
export type ScenarioConditions = NonNullable<ScenarioFile['conditions']>;

/**
 * The JSON Schema of scenario files (draft 2020-12), generated from the zod schema.
 *
 * @example
 * writeFileSync('scenario.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2));
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>;
}
