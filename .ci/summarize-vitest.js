// Prints "N passed, N failed" over the vitest JSON reports given as arguments,
// counting a missing report or a suite that failed to load as a failure.
// Exits non-zero when anything failed or nothing ran.
const fs = require('fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`missing test report ${file}`);
    failed++;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that could not load has no test results of its own.
  failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
