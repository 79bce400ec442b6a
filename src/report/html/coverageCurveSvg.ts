import { AirreachError } from '../../errors.js';
import { escapeHtml, formatNumber } from './htmlPage.js';
import { resolveOptions } from '../../resolveOptions.js';

/**
 * One curve of the coverage-versus-bases chart: the covered share of demand (0…1) for each
 * number of bases, within one standard. `coverageCurve` results (src/solvers) fit as they are;
 * `boundShare` (a proven upper bound) and `status` are drawn when given.
 */
export interface CurveSeries {
  standardMinutes: number;
  points: ReadonlyArray<{ siteCount: number; coveredShare: number; boundShare?: number; status?: string }>;
}

/** Options of {@link coverageCurveSvg}. */
export interface CoverageCurveSvgOptions {
  widthPx?: number;
  heightPx?: number;
  /** Colour of each series, by index; cycled when shorter. */
  colours?: readonly string[];
}

/** Defaults of {@link coverageCurveSvg}. */
export const DEFAULT_COVERAGE_CURVE_SVG_OPTIONS: Required<CoverageCurveSvgOptions> = {
  widthPx: 720,
  heightPx: 380,
  colours: ['#08519c', '#3182bd', '#6baed6', '#e6550d', '#31a354', '#756bb1'],
};

const MARGIN = { left: 56, right: 150, top: 16, bottom: 44 };

/**
 * The coverage-versus-bases chart as inline SVG: x = number of bases, y = covered share of
 * demand (0–100 %), one polyline (class `curve`) per standard with a dot per point. A point whose
 * status is not `optimal` is drawn hollow (a heuristic answer), and where the proven bound lies
 * above the answer, the bound is drawn dashed (class `bound`): the true optimum lies between.
 *
 * @example
 * const svg = coverageCurveSvg(await coverageCurve(problem, { standardMinutes: [30, 60], maxSites: 12 }));
 */
export function coverageCurveSvg(series: readonly CurveSeries[], options: CoverageCurveSvgOptions = {}): string {
  const { widthPx, heightPx, colours } = resolveOptions(DEFAULT_COVERAGE_CURVE_SVG_OPTIONS, options);
  const all = series.flatMap((s) => s.points);
  if (series.length === 0 || all.length === 0) {
    throw new AirreachError('E_OPTION', 'the coverage curve has no points', { value: series, where: { field: 'curve' } });
  }
  for (const point of all) {
    if (!Number.isFinite(point.siteCount) || !Number.isFinite(point.coveredShare)) {
      throw new AirreachError('E_OPTION', 'a coverage curve point is not finite', {
        value: point,
        where: { field: 'curve' },
        expected: '{ siteCount: number, coveredShare: number in 0…1 }',
      });
    }
  }
  let minX = Math.min(...all.map((p) => p.siteCount));
  let maxX = Math.max(...all.map((p) => p.siteCount));
  if (minX === maxX) {
    minX -= 1;
    maxX += 1;
  }
  const plotW = widthPx - MARGIN.left - MARGIN.right;
  const plotH = heightPx - MARGIN.top - MARGIN.bottom;
  const sx = (v: number) => round1(MARGIN.left + ((v - minX) / (maxX - minX)) * plotW);
  const sy = (share: number) => round1(MARGIN.top + (1 - Math.max(0, Math.min(1, share))) * plotH);

  const parts: string[] = [];
  for (let pct = 0; pct <= 100; pct += 20) {
    const y = sy(pct / 100);
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${pct} %</text>`);
  }
  const step = Math.max(1, Math.ceil((maxX - minX) / 12));
  for (let v = Math.ceil(minX); v <= maxX; v += step) {
    const x = sx(v);
    parts.push(`<line class="axis" x1="${x}" x2="${x}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}"/>`);
    parts.push(`<text x="${x}" y="${MARGIN.top + plotH + 17}" text-anchor="middle">${v}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${heightPx - 8}" text-anchor="middle">number of bases</text>`);
  parts.push(
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">demand covered</text>`,
  );

  series.forEach((s, i) => {
    const colour = colours[i % colours.length];
    const points = [...s.points].sort((a, b) => a.siteCount - b.siteCount);
    const line = points.map((p) => `${sx(p.siteCount)},${sy(p.coveredShare)}`).join(' ');
    parts.push(`<polyline class="curve" fill="none" stroke="${colour}" stroke-width="2" points="${line}"/>`);
    if (points.some((p) => p.boundShare !== undefined && p.boundShare > p.coveredShare + 1e-9)) {
      const bound = points.map((p) => `${sx(p.siteCount)},${sy(p.boundShare ?? p.coveredShare)}`).join(' ');
      parts.push(`<polyline class="bound" fill="none" stroke="${colour}" stroke-width="1.2" stroke-dasharray="4 3" points="${bound}"/>`);
    }
    for (const p of points) {
      const proven = p.status === undefined || p.status === 'optimal';
      parts.push(
        `<circle cx="${sx(p.siteCount)}" cy="${sy(p.coveredShare)}" r="3.5" fill="${proven ? colour : '#fff'}" stroke="${colour}" stroke-width="1.5">` +
          `<title>${p.siteCount} bases: ${formatNumber(p.coveredShare * 100, 1)} % within ${formatNumber(s.standardMinutes)} min${proven ? '' : ' (not proven optimal)'}</title></circle>`,
      );
    }
    const ly = MARGIN.top + 10 + i * 20;
    const lx = MARGIN.left + plotW + 16;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${lx + 28}" y="${ly + 4}">≤ ${escapeHtml(formatNumber(s.standardMinutes))} min</text>`);
  });
  const legendY = MARGIN.top + 10 + series.length * 20 + 8;
  const lx = MARGIN.left + plotW + 16;
  parts.push(`<circle cx="${lx + 11}" cy="${legendY}" r="3.5" fill="#fff" stroke="#57606a" stroke-width="1.5"/>`);
  parts.push(`<text x="${lx + 28}" y="${legendY + 4}">not proven</text>`);
  parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${legendY + 20}" y2="${legendY + 20}" stroke="#57606a" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${lx + 28}" y="${legendY + 24}">upper bound</text>`);

  return `<svg class="chart" viewBox="0 0 ${widthPx} ${heightPx}" width="${widthPx}" height="${heightPx}" role="img" aria-label="Demand covered versus number of bases">\n${parts.join('\n')}\n</svg>`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
