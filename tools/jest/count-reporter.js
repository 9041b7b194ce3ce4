// Appends one JSON line per Jest run to $PLEIN_TEST_RESULTS (when set), so `npm test` can print
// one total over the many Jest processes that Nx starts (one per project and target).
const fs = require('node:fs');

class CountReporter {
  constructor(globalConfig, options) {
    this.name = (options && options.name) || 'jest';
  }
  onRunComplete(_contexts, results) {
    const file = process.env.PLEIN_TEST_RESULTS;
    if (!file) return;
    const line = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites + (results.numRuntimeErrorTestSuites || 0),
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}
module.exports = CountReporter;
