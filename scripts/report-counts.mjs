// Prints "passed failed skipped" from a vitest or Playwright JSON report.
import { readFileSync } from 'node:fs';

const [runner, file] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
if (runner === 'vitest') {
  const failedSuites = report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${report.numPassedTests} ${report.numFailedTests + failedSuites} ${skipped}`);
} else {
  const { expected, unexpected, flaky, skipped } = report.stats;
  const setupFailed = (report.errors ?? []).length > 0 && expected + unexpected === 0 ? 1 : 0;
  console.log(`${expected} ${unexpected + flaky + setupFailed} ${skipped}`);
}
