import { z } from 'zod';
import { QUESTION_MODEL_NAMES } from '../solvers/kernel/modelRegistry.js';
import { MAX_CELL_BUDGET } from '../grid/buildDemandGrid.js';
import { BYTE_SIZE_FORMS, parseByteSize } from '../parseByteSize.js';
import type { AirreachError } from '../errors.js';

/*
 * The scenario file format. One zod schema is the single source of truth: it validates files
 * (errors name the JSON path), gives the TypeScript types, and is exported as the JSON Schema
 * shipped in `schema/scenario.schema.json` for editor completion.
 */

const positive = z.number().positive();
/*
 * Bounds on every number (issue 16): each is far beyond any real value, and small enough that the
 * sums and products the pipeline forms from them (demand × minutes, tonnes × minutes, costs over
 * thousands of sites) stay finite doubles. Minutes are bounded by a day: a longer "standard" is
 * not a rescue standard and would make every (site, cell) pair a covered pair.
 */
/** Largest minutes of any standard, activation or leg: a day. */
const DAY_MINUTES = 1440;
const minutes = z.number().nonnegative().max(DAY_MINUTES);
const standard = positive.max(DAY_MINUTES);
/** Money (site and depot costs, budgets): 1e15, a thousand times a national budget in yuan. */
const money = z.number().nonnegative().max(1e15);
/** Counts of things a person lists (sites to choose, aircraft at a base). */
const count = (max: number) => z.number().int().positive().max(max);
/** A solver's clock cap: a week at most. */
const seconds = positive.max(7 * 24 * 3600);
/** A solver's work units: 1e15, about a week of solving. */
const work = positive.max(1e15);
/**
 * A memory budget: a size with its unit ("4GiB") or bytes, read as the CLI's --memory-budget is.
 * Its form is checked here; that it fits the machine, where it runs (`scenarioMemoryBudget`).
 */
const memoryBudget = z.union([z.number(), z.string()]).superRefine((value, context) => {
  try {
    parseByteSize(value, { maxBytes: Infinity });
  } catch (error) {
    context.addIssue({ code: 'custom', message: `${(error as AirreachError).brief}; expected ${(error as AirreachError).expected ?? BYTE_SIZE_FORMS}`, input: value });
  }
});
const fileRef = z.string().min(1).describe('Path relative to the scenario file');

/**
 * A list whose entries must differ: a standard or period given twice was computed and printed
 * twice (duplicate table columns, one file written twice). The repeat is named at its index.
 */
const distinct = <T extends z.ZodType>(item: T) =>
  z.array(item).superRefine((values, context) => {
    values.forEach((value, k) => {
      if (values.indexOf(value) < k) context.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is listed twice (also at ${values.indexOf(value)})`, path: [k], input: value });
    });
  });

/** A base with no aircraft reaches nothing (a p-center over it answered Infinity): a fleet has at least one entry. */
const fleetEntry = z
  .object({ aircraftTypeId: z.string().min(1), count: count(1000) })
  .strict()
  .describe('A number of aircraft of one type stationed at a base');

const siteRole = z
  .enum(['existing', 'required', 'candidate', 'forbidden'])
  .describe("existing: a base today (its coverage is computed; kept in answers unless keepExisting is false); required: kept in every answer; candidate: a site a question may choose; forbidden: never chosen");

const inlineSite = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    latDeg: z.number().min(-90).max(90),
    lngDeg: z.number().min(-180).max(180),
    role: siteRole,
    fleet: z.array(fleetEntry).min(1).optional(),
    cost: money.optional(),
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
    file: fileRef.describe('GeoJSON Point layer; each feature needs properties.id (or ident) and name, and may give its own properties.fleet'),
    role: siteRole,
    where: z
      .record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])))
      .optional()
      .describe('Keep features whose property values are in these lists, e.g. {"kind": ["civil"]}'),
    fleet: z.array(fleetEntry).min(1).optional().describe('Fleet of every site of the file without its own properties.fleet (default: the scenario defaultFleet)'),
    cost: money.optional(),
  })
  .strict();

const aircraftOverride = z
  .object({
    name: z.string().optional(),
    kind: z.enum(['helicopter', 'fixedWing']).optional(),
    cruiseSpeedKmh: positive.max(5000).optional(),
    cruiseSpeedKnots: positive.max(2700).optional().describe('Alternative to cruiseSpeedKmh; converted once on reading'),
    activationMinutesDay: minutes.optional(),
    activationMinutesNight: minutes.optional(),
    nightCapable: z.boolean().optional(),
    rangeKm: positive.max(40_075).optional(),
    rangeNauticalMiles: positive.max(21_639).optional().describe('Alternative to rangeKm; converted once on reading'),
    reserveMinutes: minutes.optional(),
    fixedMinutes: minutes.optional(),
    sources: z.array(z.string()).optional(),
    basedOn: z.string().optional().describe('Catalogue id (its catalogue figures), or the id of a new type this scenario defines, to copy the figures from before applying these'),
  })
  .strict()
  // One figure in two units is ambiguous (knots and km/h differ by 1.85): the knots were used and
  // the km/h dropped without a word, so a speed pasted in both units ran on the other one.
  .superRefine((entry, context) => {
    for (const [metric, nautical] of [['cruiseSpeedKmh', 'cruiseSpeedKnots'], ['rangeKm', 'rangeNauticalMiles']] as const) {
      if (entry[metric] !== undefined && entry[nautical] !== undefined) {
        context.addIssue({ code: 'custom', message: `${nautical} and ${metric} are the same figure in two units: give one of them (got ${entry[nautical]} and ${entry[metric]})`, path: [nautical], input: entry[nautical] });
      }
    }
  });

const demandMix = z
  .object({ sites: z.number().nonnegative().max(1e6), areas: z.number().nonnegative().max(1e6), people: z.number().nonnegative().max(1e6) })
  .strict()
  .describe('Shares of total demand for named hazard sites, area hazards and people (see buildDemandGrid)');

const question = z
  .object({
    model: z.enum(QUESTION_MODEL_NAMES).describe('A model of the registry a scenario may ask (src/solvers/kernel/modelRegistry.ts)'),
    label: z.string().optional(),
    standardMinutes: z.union([standard, z.literal('binding')]).optional().describe('Minutes, or "binding": the longest standard the bases do not meet (day before night)'),
    siteCount: count(1_000_000).optional(),
    additionalSites: count(1_000_000).optional().describe('Sites to add to the existing ones (the existing stay fixed)'),
    budget: positive.max(1e15).optional(),
    busyFraction: z.number().min(0).max(1).optional(),
    period: z.enum(['day', 'night', 'binding']).optional().describe('"binding": the period of the binding standard'),
    demand: z.enum(['all', 'hazard']).optional().describe('Weights: all demand (hazard + population), or hazard demand only'),
    keepExisting: z.boolean().optional().describe('Keep existing bases as chosen sites (default true); required bases are always kept'),
    workLimit: work.optional().describe('Effort of the solve in work units (about one matrix entry visited each; default 5e9): counted, so the answer is the same on any machine'),
    timeLimitSeconds: seconds.optional().describe('Wall-clock cap (a safety net, none by default): an answer it cuts short says stoppedBy "clock" and may differ run to run'),
    seed: z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1).optional(),
    aircraftPerSite: count(1_000_000).optional().describe('expectedCovering, maximumAvailability, doubleStandard: most aircraft at one base (default: the fleet; doubleStandard 2)'),
    reliability: z.number().gt(0).lt(1).optional().describe('maximumAvailability: α, the least probability that an aircraft within the standard is free (default 0.9)'),
    looseStandardMinutes: standard.optional().describe('doubleStandard: the loose standard all reachable demand must meet (standardMinutes is the tight one)'),
    tightShare: z.number().min(0).max(1).optional().describe('doubleStandard: the least share of demand within the tight standard (default 0)'),
    onceWeight: z.number().min(0).max(1e6).optional().describe('doubleStandard: weight of demand within the tight standard of one aircraft (default 1)'),
    twiceWeight: z.number().min(0).max(1e6).optional().describe('doubleStandard: extra weight of demand within it of two (default 1)'),
    sitesPerYear: z.union([count(1000), z.array(z.number().int().nonnegative().max(1000)).min(1).max(50)]).optional().describe('phasedRollout: new bases each year (one number with "years", or one per year)'),
    budgetPerYear: z.union([positive.max(1e15), z.array(z.number().nonnegative().max(1e15)).min(1).max(50)]).optional().describe('phasedRollout: budget each year over the new bases\' cost (site "cost", default 1), instead of sitesPerYear; unspent budget carries over'),
    years: count(50).optional().describe('phasedRollout: years of the plan'),
    discountRate: z.number().min(0).max(10).optional().describe('phasedRollout: year t counts 1 / (1 + r)^(t − 1) (default 0)'),
    fairness: z.enum(['total', 'maxMin']).optional().describe('fairCovering: "total" with regionMinimumShare, or "maxMin" (the worst-off region first)'),
    regionMinimumShare: z.number().min(0).max(1).optional().describe('fairCovering: every region (layers.regions) at least this share within the standard'),
  })
  .strict();

/** The scenario schema (zod). Use {@link parseScenarioObject} to validate with located errors. */
export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).optional().describe('Name of the scenario in the terminal summary and in comparisons (default: its file name)'),
    description: z.string().optional(),
    extends: fileRef.optional().describe('Another scenario file whose fields this one overrides'),
    layers: z
      .object({
        extent: fileRef.optional().describe('Polygon(s) the grid covers, e.g. the province outline'),
        regions: z
          .object({ file: fileRef, nameField: z.string().min(1).default('name') })
          .strict()
          .optional()
          .describe('Region polygons (prefectures) for per-region summaries'),
        hazards: z.array(fileRef).min(1).optional().describe('Hazard layers: properties name, type, weight, (radiusKm for points only: a polygon with one is refused)'),
        population: fileRef.optional().describe('Population points or polygons: properties population, optional radiusKm (points only: a polygon with one is refused)'),
        refuelPoints: fileRef
          .optional()
          .describe('Refuelling points (Points: airfields, fuel depots; properties id or name): an aircraft may end a mission at the nearest instead of flying home, so the range rule checks base → scene → nearest refuelling point'),
      })
      .strict()
      .optional(),
    grid: z
      .object({
        resolution: z.number().int().min(0).max(15).optional().describe('H3 resolution of the demand grid (default 7, cells of about 5 km²; 8: about 0.7 km²)'),
        populationWeightPerPerson: z.number().nonnegative().max(1e6).optional(),
        urbanDensityPerKm2: positive.max(1e6).optional(),
        cellBudget: count(MAX_CELL_BUDGET)
          .optional()
          .describe('Largest grid allowed (default 2,000,000 cells; at most 16,000,000: the build keys cells in a JavaScript Map of at most 2^24 entries)'),
        demandMix: demandMix.optional().describe('The mix rule: shares of total demand for sites, area hazards and people; without it the legacy weight × area + population rule'),
      })
      .strict()
      .optional(),
    aircraft: z.record(z.string(), aircraftOverride).optional().describe('Aircraft types added to, or overriding, the catalogue'),
    defaultFleet: z
      .array(fleetEntry)
      .min(1)
      .optional()
      .describe('Fleet of every base and candidate without its own (default [{ "aircraftTypeId": "H135", "count": 1 }])'),
    bases: z
      .array(z.union([inlineSite, siteFile]))
      .optional()
      .describe('Bases and candidate sites: each inline (id, latDeg, lngDeg, role) or a GeoJSON Point layer (file, role); coverage needs at least one existing or required base'),
    standardsMinutes: distinct(standard).min(1).max(10).optional().describe('Response-time standards in minutes (default [30, 60, 120])'),
    periods: distinct(z.enum(['day', 'night'])).min(1).optional().describe('Operating periods computed (default ["day", "night"]); at night only night-capable aircraft fly'),
    questions: z.array(question).optional(),
    curve: z
      .object({
        standardsMinutes: distinct(standard).min(1).max(10),
        additionalSites: count(100),
        period: z.enum(['day', 'night']).optional(),
        demand: z.enum(['all', 'hazard']).optional(),
        workLimit: work.optional().describe('Effort of each point\'s solve in work units (default 2e9)'),
        timeLimitSeconds: seconds.optional().describe('Wall-clock cap of each point\'s solve (a safety net, none by default)'),
      })
      .strict()
      .optional()
      .describe("Coverage versus number of bases: today's bases kept, then 1…additionalSites more from the candidates"),
    sweep: z
      .object({
        cruiseSpeedFactors: z.array(positive.max(100)).max(20).optional().describe('Multiply every fleet type\'s cruise speed, e.g. [0.9, 1.1]'),
        activationDeltaMinutes: z.array(z.number().min(-DAY_MINUTES).max(DAY_MINUTES)).max(20).optional().describe('Add to every fleet type\'s day and night activation minutes, e.g. [-5, 5]'),
        nightOperations: z.array(z.boolean()).max(2).optional().describe('[false] adds a variant with no night flying at all'),
        demandMixes: z.array(demandMix).max(20).optional().describe('Variants with the demand built from each mix, e.g. [{ "sites": 0.6, "areas": 0.2, "people": 0.2 }]'),
        mode: z.enum(['oneAtATime', 'grid']).optional().describe('Vary one factor at a time around the scenario (default), or every combination'),
      })
      .strict()
      .optional()
      .describe('Sensitivity sweep: `airreach sweep` expands the scenario into variants and compares them'),
    depots: z
      .object({
        model: z.enum(['pMedian', 'facilityLocation']).optional(),
        siteCount: count(100_000).optional().describe('Depots to open besides the fixed ones (pMedian); a cap for facilityLocation'),
        candidates: z
          .object({
            file: fileRef,
            where: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
            capacityTonnes: positive.max(1e12),
            tierLevel: z.number().int().min(0).max(3).optional(),
            openingCost: money.optional(),
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
                capacityTonnes: positive.max(1e12),
                tierLevel: z.number().int().min(0).max(3).optional(),
              })
              .strict(),
          )
          .optional()
          .describe('Existing depots that stay, e.g. the Shenyang central depot'),
        tonnesPerBase: z.number().nonnegative().max(1e9).optional().describe('Expected stock each rescue base draws (flown out to scenes)'),
        tonnesPerHazardDemand: z.number().nonnegative().max(1e9).optional().describe('Expected stock per unit of hazard demand of a cell'),
        clientResolution: z.number().int().min(0).max(15).optional().describe('H3 resolution hazard cells are grouped to as depot clients (default 5)'),
        standardMinutes: standard.optional().describe('Ground-time standard: a client may only be served within it'),
        baseMode: z.enum(['road', 'air']).optional(),
        groundTime: z
          .object({
            method: z.enum(['straightLine', 'network']).optional().describe('straightLine (default): straight-line km × circuityFactor at truckSpeedKmh; network: shortest path over the road network at networkSpeedKmh plus straight-line access legs to the nearest node (or the straight-line time when shorter)'),
            network: z
              .object({ file: fileRef.describe('JSON road network: { nodes: [{ id, latDeg, lngDeg }], links: [{ from, to, roadKm }] } (other fields, e.g. sources, are kept for the reader)') })
              .strict()
              .optional()
              .describe('The road graph of the network method'),
            networkSpeedKmh: z.number().positive().max(200).optional().describe('Mean speed on the network links in km/h (default 80, an assumption)'),
            circuityFactor: z.number().min(1).max(5).optional().describe('Road km per straight-line km (default 1.3, an assumption); with the network method, of the access legs'),
            truckSpeedKmh: z.number().positive().max(200).optional().describe('Mean speed over the trip in km/h (default 60, an assumption); with the network method, of the access legs'),
            loadingMinutes: z.number().nonnegative().max(1440).optional().describe('Fixed minutes added to every trip: loading, getting out of and into cities (default 0)'),
          })
          .strict()
          .optional()
          .describe('Ground-time model: minutes = loadingMinutes + straight-line km × circuityFactor ÷ truckSpeedKmh × 60, or over a road network (method "network"); fit it to published driving times'),
        maxMinutesToUpper: z.array(minutes).max(3).optional().describe('Tier rule: entry k = most minutes from a tier-k depot to a tier-(k-1) one'),
        workLimit: work.optional().describe('Effort of the depot solve in work units (default 5e9)'),
        timeLimitSeconds: seconds.optional().describe('Wall-clock cap of the depot solve (a safety net, none by default)'),
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
            zone: z.string().optional().describe('Zone of the data for every cell; with `zones`, the zone of cells in no zone polygon'),
            zones: z
              .object({ file: fileRef, field: z.string().min(1).optional().describe('Property naming each feature\'s zone (default "zone")') })
              .strict()
              .optional()
              .describe('Weather by place: polygons naming a zone of the data (e.g. the coastal band); each cell takes the zone of the polygon holding its centre'),
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
        onSceneMinutes: minutes.optional(),
      })
      .strict()
      .optional()
      .describe('Operating conditions: day/night weighting, weather availability, busy aircraft, the hospital leg'),
    simulation: z
      .object({
        incidentsPerYear: positive.max(1e7).optional().describe('Incidents a year over the whole grid, arriving as Poisson processes in proportion to demand (default 1000)'),
        incidentCount: count(2_000_000).optional().describe('A fixed number of incidents per replication instead of incidentsPerYear'),
        durationDays: positive.max(36_500).optional().describe('Simulated days per replication (default 365)'),
        replications: count(1000).optional().describe('Independent replications (default 10), merged in order; spread reported as standard errors'),
        seed: z.number().int().min(-(2 ** 31)).max(2 ** 31).optional().describe('Seed of incidents, on-scene times and weather (default 1)'),
        onSceneMinutes: minutes.optional().describe('Mean minutes on scene (default: conditions.onSceneMinutes, else 20): an ASSUMPTION unless sourced in `assumptions`'),
        onSceneDistribution: z.enum(['exponential', 'fixed']).optional().describe('On-scene minutes drawn exponentially with that mean (default) or always the mean'),
        turnaroundMinutes: minutes.optional().describe('Minutes on the ground back at base before the aircraft is free again (default 15): an ASSUMPTION unless sourced'),
        noFreeAircraft: z.enum(['queue', 'lost']).optional().describe('An incident whose reaching aircraft are all busy or grounded waits first come first served (queue, default) or gets none (lost)'),
        maxWaitMinutes: minutes.optional().describe('Under queue, an incident still waiting this long gets no aircraft (default: no limit)'),
        nightRateFactor: z.number().min(0).max(100).optional().describe('Incident rate at night relative to the day (default 1)'),
        seasonFactor: z.number().min(0).max(100).optional().describe('Multiplies the incident rate (a busy season; default 1)'),
        meanClosureMinutes: z.number().min(1).max(525_600).optional().describe('Mean length of one weather closure of the bases, minutes (default 720), when conditions.weather is set'),
        answers: z.boolean().optional().describe("Also simulate each siting question's answer (its bases with their fleets); today's bases are always simulated"),
        assumptions: z.array(z.string().max(2000)).max(50).optional().describe('Where each figure comes from, or "ASSUMPTION: …" with the reasoning'),
      })
      .strict()
      .refine((value) => value.incidentsPerYear === undefined || value.incidentCount === undefined, { message: 'give incidentsPerYear or incidentCount, not both', path: ['incidentCount'] })
      .optional()
      .describe("Incident simulation: today's bases (and each answer) against incidents that overlap in time, aircraft busy and bases closed by weather"),
    memoryBudget: memoryBudget
      .optional()
      .describe(
        `Most memory the run's coverage and siting matrices, and one siting question's solve, may each take (default 2GiB): ${BYTE_SIZE_FORMS}; at most the memory of the machine that runs it. airreach's --memory-budget overrides it. HiGHS's own 2 GiB (its WebAssembly memory) cannot be raised`,
      ),
    outputs: z
      .object({
        cells: z.enum(['all', 'demand']).optional(),
        parentResolution: z
          .number()
          .int()
          .min(0)
          .max(14)
          .optional()
          .describe('Also write coverage-<period>-res<r>.geojson: the map at this coarser H3 resolution (below the grid\'s), small enough for web viewers'),
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
export type ScenarioSimulation = NonNullable<ScenarioFile['simulation']>;

/**
 * The JSON Schema of scenario files (draft 2020-12), generated from the zod schema.
 *
 * @example
 * writeFileSync('scenario.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2));
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>;
}
