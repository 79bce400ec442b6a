/**
 * Opens an HTML file in headless Chromium, waits for it to render, saves a full-page screenshot
 * and reports the render time (setContent → first frame painted).
 *
 * Usage: npx tsx scripts/htmlScreenshot.ts <file.html> <out.png> [widthPx]
 *
 * @example
 * const { renderMs } = await screenshotHtml(html, 'test-output/screenshots/report.png');
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium, as installed by .ci/run. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Renders `html` in headless Chromium and saves a full-page screenshot to `pngPath`.
 *
 * @example
 * await screenshotHtml('<p>hi</p>', '/tmp/x.png');
 */
export async function screenshotHtml(
  html: string,
  pngPath: string,
  widthPx = 1280,
): Promise<{ renderMs: number; consoleErrors: string[]; requests: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: widthPx, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    const t0 = performance.now();
    await page.setContent(html, { waitUntil: 'load' });
    // Two animation frames: the first is scheduled before layout and paint, the second after.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    const renderMs = performance.now() - t0;
    mkdirSync(dirname(pngPath), { recursive: true });
    await page.screenshot({ path: pngPath, fullPage: true });
    return { renderMs, consoleErrors, requests };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const [file, png, width] = process.argv.slice(2);
  if (!file || !png || !existsSync(CHROMIUM_PATH)) {
    console.error('usage: npx tsx scripts/htmlScreenshot.ts <file.html> <out.png> [widthPx]  (needs /usr/bin/chromium)');
    process.exit(2);
  }
  const result = await screenshotHtml(readFileSync(file, 'utf8'), png, width ? Number(width) : undefined);
  console.log(JSON.stringify({ file, png, renderMs: Math.round(result.renderMs), consoleErrors: result.consoleErrors, requests: result.requests }));
}
