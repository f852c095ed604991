#!/usr/bin/env node
// Sums Vitest JSON reports into one line `N passed, N failed` (a missing report counts as a failure).
// Above that line it names every failed test with the first lines of its message, so a failure is
// readable from the end of the log alone (CI keeps only the tail).
import fs from 'node:fs';
import path from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const suite = path.basename(file, '.json');
  // a file that failed without any test result (it did not load, or a hook failed) counts as one failure
  let suiteErrors = 0;
  for (const t of r.testResults ?? []) {
    const where = path.relative(process.cwd(), t.name ?? '');
    const asserts = t.assertionResults ?? [];
    if (t.status === 'failed' && asserts.length === 0) {
      suiteErrors += 1;
      failures.push({ suite, where, title: '(the file failed to run)', message: t.message ?? '' });
    }
    for (const a of asserts) {
      if (a.status === 'failed') failures.push({ suite, where, title: a.fullName ?? a.title, message: (a.failureMessages ?? []).join('\n') });
    }
  }
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + suiteErrors;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests + suiteErrors} failed, ${r.numPendingTests ?? 0} skipped`);
}
for (const f of failures) {
  // eslint-disable-next-line no-control-regex
  const lines = f.message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() !== '').slice(0, 6);
  console.log(`FAILED [${f.suite}] ${f.where} › ${f.title}`);
  for (const l of lines) console.log(`    ${l.slice(0, 300)}`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
