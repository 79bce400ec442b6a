import { z } from 'zod';
import type { ErrorCode } from '../../errors.js';
import type { ModelName } from '../../models/sitingProblem.js';

/*
 * The matrix-form instance format of `airreach solve`, one zod schema per model: the single
 * source of the instance files' shape. `npx tsx scripts/writeInstanceSchema.ts` renders them
 * as `schema/instance.schema.json` (for editors) and `instanceJsonSchema.generated.ts`, which
 * `parseInstance` validates against at run time (zod itself is not loaded by `airreach solve`:
 * it alone takes longer to import than a tiny solve may take). What a schema cannot say (equal
 * row lengths, indexes below the site count, p within the allowed sites) `parseInstance`
 * checks after it.
 *
 * `errorCode` in a node's metadata is the AirreachError code of a value that breaks it (inherited
 * by the nodes inside it; `rangeErrorCode` for bounds alone); structural errors (unknown or
 * missing fields, an unknown model) are `E_MODEL`.
 */

const code = (errorCode: ErrorCode, extra: Record<string, unknown> = {}) => ({ errorCode, ...extra });

const minutesValue = z.number().nonnegative().describe('Response minutes (or any cost) of the pair, ≥ 0');
const denseMinutes = z
  .array(z.array(minutesValue).min(1))
  .min(1)
  .meta(code('E_MATRIX'))
  .describe('Dense matrix minutes[demand][site]: every pair, numbers ≥ 0 (use the sparse "cover" form to leave pairs out)');
const denseMinutesOrNull = z
  .array(z.array(z.union([minutesValue, z.null()])).min(1))
  .min(1)
  .meta(code('E_MATRIX'))
  .describe('Dense matrix minutes[demand][site]; null = unreachable (JSON has no Infinity)');
const siteIndex = z.number().int().nonnegative().meta(code('E_INDEX')).describe('0-based site (column) index');
const cover = z
  .array(z.array(z.tuple([siteIndex, minutesValue])))
  .min(1)
  .meta(code('E_MATRIX'))
  .describe('Sparse form: per demand point, the [site, minutes] pairs that exist; pairs not listed are unreachable');
const candidateCount = z.number().int().meta(code('E_MODEL')).describe('Sparse form: the number of sites (columns), an integer ≥ 1');
const nonNegativeVector = (what: string) => z.array(z.number().nonnegative()).meta(code('E_MATRIX')).describe(what);
const siteList = (what: string) => z.array(siteIndex).meta(code('E_INDEX')).describe(what);
const siteCount = (what: string) => z.number().int().meta(code('E_OPTION', { rangeErrorCode: 'E_SITE_COUNT' })).describe(what);
const standardMinutes = z.number().nonnegative().describe('Coverage standard: demand i is covered by site j when minutes ≤ standardMinutes');

/** Fields every model takes: the matrix (dense or sparse), weights, labels and site rules. */
const common = {
  $schema: z.string().optional().describe('Path or URL of this schema, for editor completion'),
  description: z.string().optional(),
  minutes: denseMinutes.optional(),
  cover: cover.optional(),
  candidateCount: candidateCount.optional(),
  demandWeights: nonNegativeVector('Weight of each demand point (default 1 each), finite ≥ 0').optional(),
  siteIds: z.array(z.string()).meta(code('E_MODEL')).optional().describe('Label of each site, for reports'),
  fixedSites: siteList('Sites that must be chosen (0-based)').optional(),
  forbiddenSites: siteList('Sites that must not be chosen (0-based)').optional(),
};

const model = <N extends ModelName>(name: N, title: string) => z.literal(name).describe(title);

/** The instance schema of each model (zod), keyed by model name. */
export const INSTANCE_SCHEMAS = {
  setCovering: z
    .object({
      model: model('setCovering', 'Fewest sites (or least cost) reaching all demand within the standard (Toregas et al. 1971)'),
      ...common,
      standardMinutes,
      siteCosts: nonNegativeVector('Cost of each site (least-cost covering), finite ≥ 0').optional(),
    })
    .strict(),
  maximalCovering: z
    .object({
      model: model('maximalCovering', 'The most demand within the standard from p sites, or within a budget (Church & ReVelle 1974)'),
      ...common,
      standardMinutes,
      siteCount: siteCount('p: the number of sites to choose, fixed sites included (or give "budget")').optional(),
      budget: z.number().nonnegative().optional().describe('Budget over siteCosts, instead of siteCount'),
      siteCosts: nonNegativeVector('Cost of each site, for "budget"').optional(),
    })
    .strict(),
  backupCovering: z
    .object({
      model: model('backupCovering', 'The most demand reached twice, primary coverage kept at its optimum (Hogan & ReVelle 1986)'),
      ...common,
      standardMinutes,
      siteCount: siteCount('p: the number of sites, fixed sites included'),
    })
    .strict(),
  expectedCovering: z
    .object({
      model: model('expectedCovering', 'MEXCLP: P aircraft on bases, demand reached by k aircraft counts 1 − q^k (Daskin 1983)'),
      ...common,
      standardMinutes,
      busyFraction: z.number().min(0).lt(1).describe('q: the share of time an aircraft is busy, in [0, 1)'),
      aircraftCount: z.number().int().positive().optional().describe('P: the aircraft to place (default siteCount)'),
      siteCount: siteCount('P, when aircraftCount is not given').optional(),
      aircraftPerSite: z
        .union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())])
        .optional()
        .describe('Most aircraft per site: one number, or one per site'),
    })
    .strict(),
  pMedian: z
    .object({
      model: model('pMedian', 'Least demand-weighted total minutes with p sites (Hakimi 1964; ReVelle & Swain 1970)'),
      ...common,
      siteCount: siteCount('p: the number of sites, fixed sites included'),
      unreachableMinutes: z.number().nonnegative().optional().describe('Sparse form: the cost in minutes of a pair not listed'),
    })
    .strict(),
  pCenter: z
    .object({
      model: model('pCenter', 'Least worst-case minutes with p sites (Hakimi 1965)'),
      ...common,
      siteCount: siteCount('p: the number of sites, fixed sites included'),
    })
    .strict(),
  capacitatedPMedian: z
    .object({
      model: model('capacitatedPMedian', 'p sites, single-source assignment within capacity, least Σ w·t (Osman & Christofides 1994)'),
      ...common,
      minutes: denseMinutesOrNull.optional(),
      siteCount: siteCount('p: the number of sites, fixed sites included'),
      demands: nonNegativeVector('q_i: the capacity each demand point uses'),
      capacities: nonNegativeVector('Q_j: the capacity of each site'),
    })
    .strict(),
  capacitatedFacilityLocation: z
    .object({
      model: model('capacitatedFacilityLocation', 'Least opening + assignment cost, single source, within capacity (Neebe & Rao 1983)'),
      ...common,
      minutes: denseMinutesOrNull.optional(),
      demands: nonNegativeVector('q_i: the capacity each demand point uses'),
      capacities: nonNegativeVector('Q_j: the capacity of each site'),
      openingCosts: nonNegativeVector('f_j: the cost of opening each site, in the objective\'s unit'),
      siteCount: siteCount('Most sites to open, fixed included (exactly, with exactSiteCount)').optional(),
      exactSiteCount: z.boolean().optional().describe('With siteCount: open exactly that many'),
    })
    .strict(),
  maximumAvailability: z
    .object({
      model: model('maximumAvailability', 'MALP: aircraft on bases, the most demand with b aircraft within the standard, b from reliability α and busy fraction q (ReVelle & Hogan 1989)'),
      ...common,
      standardMinutes,
      aircraftCount: z.number().int().positive().max(1_000_000).describe('P: the most aircraft to station (the fleet)'),
      busyFraction: z.number().min(0).lt(1).describe('q: the share of time an aircraft is busy, in [0, 1)'),
      reliability: z.number().gt(0).lt(1).describe('α: demand counts when an aircraft within the standard is free with at least this probability'),
      aircraftPerSite: z
        .union([z.number().int().nonnegative().max(1_000_000), z.array(z.number().int().nonnegative().max(1_000_000))])
        .optional()
        .describe('Most aircraft per site: one number, or one per site (default P)'),
      aircraftCost: z.number().nonnegative().max(1e15).optional().describe('Cost of one aircraft, for "budget" (default 0)'),
      budget: z.number().nonnegative().max(1e15).optional().describe('Budget over siteCosts (of the bases used) and aircraftCost × aircraft'),
      siteCosts: nonNegativeVector('Cost of opening each site, for "budget"').optional(),
    })
    .strict(),
  doubleStandard: z
    .object({
      model: model('doubleStandard', 'Double standard: all demand within the loose standard, the most within the tight one covered once or twice (Gendreau, Laporte & Semet 1997)'),
      ...common,
      standardMinutes: standardMinutes.describe('r1: the tight standard'),
      looseStandardMinutes: z.number().nonnegative().max(1e6).describe('r2: the loose standard every demand point a site can reach must meet'),
      aircraftCount: z.number().int().positive().max(1_000_000).describe('p: the aircraft to station'),
      aircraftPerSite: z
        .union([z.number().int().nonnegative().max(1_000_000), z.array(z.number().int().nonnegative().max(1_000_000))])
        .optional()
        .describe('Most aircraft per site: one number, or one per site (default 2, as in the paper)'),
      tightShare: z.number().min(0).max(1).optional().describe('α: the least share of demand within the tight standard (default 0)'),
      onceWeight: z.number().min(0).max(1e6).optional().describe('Weight of demand within r1 of one aircraft or more (default 1; the paper: 0)'),
      twiceWeight: z.number().min(0).max(1e6).optional().describe('Extra weight of demand within r1 of two or more (default 1)'),
    })
    .strict(),
  phasedRollout: z
    .object({
      model: model('phasedRollout', 'Phased rollout: new bases each year, opened stays open, the most coverage summed (discounted) over the years'),
      ...common,
      standardMinutes,
      sitesPerYear: z
        .union([z.number().int().nonnegative().max(1_000_000), z.array(z.number().int().nonnegative().max(1_000_000)).min(1).max(100)])
        .meta(code('E_OPTION'))
        .optional()
        .describe('New bases each year: one number (with "years"), or one per year (or give "budgetPerYear")'),
      budgetPerYear: z
        .union([z.number().nonnegative().max(1e15), z.array(z.number().nonnegative().max(1e15)).min(1).max(100)])
        .meta(code('E_OPTION'))
        .optional()
        .describe('Budget each year over siteCosts of the new bases (unspent budget carries over), instead of sitesPerYear'),
      siteCosts: nonNegativeVector('Cost of each site, for "budgetPerYear" (default 1 each)').optional(),
      years: z.number().int().positive().max(100).optional().describe('Years of the plan, when sitesPerYear or budgetPerYear is one number (default 1)'),
      discountRate: z.number().min(0).max(10).optional().describe('r: year t counts 1 / (1 + r)^(t − 1) (default 0)'),
    })
    .strict(),
  fairCovering: z
    .object({
      model: model('fairCovering', 'Maximal covering with fairness between regions: a minimum share per region, or the worst-off region first (max-min)'),
      ...common,
      standardMinutes,
      siteCount: siteCount('p: the number of sites, fixed sites included'),
      demandRegions: z.array(z.number().int().min(-1).max(99_999)).meta(code('E_OPTION')).describe('Region of each demand point (−1: none)'),
      fairness: z.enum(['total', 'maxMin']).optional().describe('"total" (most coverage, every region at least regionMinimumShare) or "maxMin" (default "total")'),
      regionMinimumShare: z.number().min(0).max(1).optional().describe('Least covered share of every region, for "total" (default 0)'),
    })
    .strict(),
} satisfies Record<ModelName, z.ZodObject>;

/** Any instance file: the schema of its `model`. */
export const instanceSchema = z
  .discriminatedUnion('model', [
    INSTANCE_SCHEMAS.setCovering,
    INSTANCE_SCHEMAS.maximalCovering,
    INSTANCE_SCHEMAS.backupCovering,
    INSTANCE_SCHEMAS.expectedCovering,
    INSTANCE_SCHEMAS.pMedian,
    INSTANCE_SCHEMAS.pCenter,
    INSTANCE_SCHEMAS.capacitatedPMedian,
    INSTANCE_SCHEMAS.capacitatedFacilityLocation,
    INSTANCE_SCHEMAS.maximumAvailability,
    INSTANCE_SCHEMAS.doubleStandard,
    INSTANCE_SCHEMAS.phasedRollout,
    INSTANCE_SCHEMAS.fairCovering,
  ])
  .describe('A siting model in matrix form, for `airreach solve` (minutes[demand][site] from any tool)');

/** An instance file as written (before its matrix is built). */
export type InstanceFile = z.infer<typeof instanceSchema>;

/**
 * The JSON Schema of instance files (draft 2020-12), generated from the zod schemas.
 *
 * @example
 * writeFileSync('instance.schema.json', JSON.stringify(instanceJsonSchema(), null, 2));
 */
export function instanceJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(instanceSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
