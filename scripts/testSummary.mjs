// Prints "N passed, N failed" from vitest's JSON report (the last line CI reads).
// A test file that failed to load counts as one failure. Exit 1 when the report is missing,
// no test ran, a test failed, or the test command itself failed.
import { readFileSync, existsSync } from 'node:fs';

const [file, commandStatus = '0'] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.log(`no test report at ${file}: the test command exited ${commandStatus} before vitest ran (type check or lint failed?)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failedTests = report.numFailedTests ?? 0;
const brokenFiles = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed'),
).length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const failed = failedTests + brokenFiles;
// The skipped count on its own line: the last line is exactly "N passed, N failed".
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 || commandStatus !== '0' ? 1 : 0);
