/**
 * Escapes text for HTML element content and double-quoted attribute values.
 *
 * @example
 * escapeHtml('A & B <"x">'); // -> 'A &amp; B &lt;&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A number with a fixed count of decimals and thin-space thousands separators. Written by hand
 * rather than with `toLocaleString`, whose output depends on the machine's locale and ICU build:
 * the same run must give the same bytes everywhere.
 *
 * @example
 * formatNumber(157809.0383, 0); // -> '157 809'
 * formatNumber(Number.NaN, 1);  // -> '—'
 */
export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  const sign = value < 0 && Number(fixed) !== 0 ? '−' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * A share (0…1) as a percentage with one decimal.
 *
 * @example
 * formatShare(0.66987); // -> '67.0 %'
 */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${formatNumber(share * 100, 1)} %`;
}

/**
 * A table cell holding a number: the formatted text for people, the full-precision value in
 * `data-value` for scripts (and tests) that read the report back.
 *
 * @example
 * numberCell(0.5, formatShare); // -> '<td data-value="0.5">50.0 %</td>'
 */
export function numberCell(value: number | null | undefined, format: (value: number | null | undefined) => string, className = ''): string {
  const data = value === null || value === undefined ? 'null' : String(value);
  const cls = className ? ` class="${className}"` : '';
  return `<td${cls} data-value="${data}">${escapeHtml(format(value))}</td>`;
}

/**
 * Base stylesheet shared by the report and the comparison: system fonts only (the page must work
 * offline), compact tables, period tabs driven by hidden radio buttons so the page needs no
 * script at all.
 */
export const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;color:#1f2328;background:#fff}
main{max-width:1280px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:24px;margin:8px 0 4px}
h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
p.lead{color:#57606a;margin:0 0 8px}
.facts{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0;color:#57606a}
.facts b{color:#1f2328}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:2px 6px;text-align:right;white-space:nowrap}
th{background:#f6f8fa;font-weight:600}
td.name,th.name{text-align:left;white-space:normal}
tr.section th{background:#eaeef2;text-align:left}
.scroll{overflow-x:auto}
.tabs{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d0d7de;padding:6px 24px;display:flex;gap:8px;align-items:center}
.tabs label{padding:3px 12px;border:1px solid #d0d7de;border-radius:14px;cursor:pointer;user-select:none}
input.period{position:absolute;opacity:0;pointer-events:none}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0;align-items:center}
.swatch{display:inline-block;width:14px;height:14px;border:1px solid #0003;vertical-align:-2px;margin-right:5px}
.map{display:block;width:100%;height:auto;border:1px solid #d0d7de;background:#f8fafc}
.map text{font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;fill:#1f2328}
.map text.region{font-size:11px;fill:#57606a;font-style:italic}
.map .base{fill:#111;stroke:#fff;stroke-width:1.5}
.map .base.added{fill:#6f42c1}
.map .outline{fill:none;stroke:#333;stroke-opacity:.65;stroke-linejoin:round}
.chart{display:block;max-width:720px;width:100%;height:auto}
.chart text{font-size:12px;fill:#1f2328}
.chart .grid{stroke:#d0d7de;stroke-width:1}
.chart .axis{stroke:#57606a;stroke-width:1}
.note{color:#57606a;font-size:13px}
footer{color:#57606a;font-size:12px;margin-top:32px}
`;

/**
 * A complete, self-contained HTML document (UTF-8, no external resources).
 *
 * @example
 * const html = htmlPage('Coverage — liaoning-today', '<main>…</main>', '.x{color:red}');
 */
export function htmlPage(title: string, body: string, css = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="generator" content="airreach">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${BASE_CSS}${css}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Period tabs: hidden radio buttons placed before `<main>` (so `:checked ~ main …` selectors can
 * show the selected period's parts) and their labels. With one period there is nothing to switch,
 * but the radio still exists so the same CSS rules apply.
 *
 * @example
 * periodTabs(['day', 'night']).inputs; // '<input type="radio" …checked>…'
 */
export function periodTabs(periods: readonly string[]): { inputs: string; labels: string; css: string } {
  const inputs = periods
    .map((_period, i) => `<input type="radio" class="period" name="period" id="period-${i}"${i === 0 ? ' checked' : ''}>`)
    .join('');
  const labels =
    periods.length > 1
      ? `<nav class="tabs"><span>Period:</span>${periods
          .map((period, i) => `<label for="period-${i}" id="tab-${i}">${escapeHtml(period)}</label>`)
          .join('')}</nav>`
      : '';
  // Every period-specific block carries class `pi-<i>`; only the checked period's blocks show.
  const css = periods
    .map(
      (_period, i) =>
        `#period-${i}:not(:checked)~main .pi-${i}{display:none}` +
        `#period-${i}:checked~nav #tab-${i}{background:#0969da;color:#fff;border-color:#0969da}`,
    )
    .join('\n');
  return { inputs, labels, css };
}
