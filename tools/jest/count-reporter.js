// Appends one JSON line per Jest run to $PLEIN_TEST_RESULTS (when set), so `npm test` can print
// one total over the many Jest processes that Nx starts (one per project and target).
const fs = require('node:fs');

const path = require('node:path');

const MAX_FAILURES = 20;

function failuresOf(results) {
  const out = [];
  for (const suite of results.testResults) {
    const file = path.relative(path.resolve(__dirname, '../..'), suite.testFilePath);
    if (suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0)) {
      out.push(`${file}: suite failed to run`);
    }
    for (const test of suite.testResults) {
      if (test.status === 'failed') out.push(`${file}: ${test.fullName}`);
    }
  }
  return out.slice(0, MAX_FAILURES);
}

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
      // What failed, by file and test name, so the run's last lines say where to look (a CI log
      // is often seen only from its tail).
      failures: failuresOf(results),
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}
module.exports = CountReporter;
