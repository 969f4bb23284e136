#!/usr/bin/env node
// Prints one line with the totals over jest's and Playwright's JSON results; a missing or
// empty result file counts as a failure, so a run that executed no test cannot pass.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
const [jestFile, playwrightFile] = process.argv.slice(2);

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.error(`no results in ${file}`);
    failed++;
    return undefined;
  }
}

const jest = read(jestFile);
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
}

const pw = read(playwrightFile);
if (pw) {
  passed += pw.stats.expected + (pw.stats.flaky ?? 0);
  failed += pw.stats.unexpected;
}

if (passed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
