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
