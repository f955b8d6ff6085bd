/**
 * Jest reporter: the in-process workers of an integration test file log to
 * test-results/worker-logs/<test file>.log (test/helpers/setup-runtime.ts), so expected failures do
 * not flood the test log. When a file has a failing test, this prints the last lines of its log.
 * Plain CommonJS: Jest loads reporters without its transform.
 */
const { existsSync, readFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const TAIL_LINES = 80;

/** The log file of one test file: the same rule as setup-runtime.ts. */
function workerLogFile(logDir, testPath) {
  return join(logDir, `${basename(testPath)}.log`);
}

class FailedTestLogs {
  constructor(globalConfig) {
    this.logDir = join(globalConfig.rootDir, 'test-results', 'worker-logs');
  }

  onTestResult(test, result) {
    if (result.numFailingTests === 0 && !result.testExecError) return;
    const file = workerLogFile(this.logDir, test.path);
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const shown = lines.slice(-TAIL_LINES);
    process.stderr.write(`\nworker log of ${basename(test.path)} (${file}; last ${shown.length} of ${lines.length} lines):\n${shown.join('\n')}\n`);
  }
}

module.exports = FailedTestLogs;
