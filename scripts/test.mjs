#!/usr/bin/env node
// `npm test`: brings the real infrastructure up (idempotent, seconds when already up), then runs
// the test suites: the main suite in parallel, then the disruptive one (tests that stop and start
// shared servers) one file at a time. Ends with one summary line over both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (process.env.EMPORIUM_SKIP_INFRA !== '1') {
  const status = run('bash', ['scripts/infra.sh', 'up']);
  if (status !== 0) {
    console.error('Infrastructure did not come up; see the [infra] lines above.');
    process.exit(status);
  }
}

const extraArgs = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'emporium-test-'));
let passed = 0;
let failed = 0;
let exitCode = 0;
for (const project of ['main', 'mobile', 'disruptive']) {
  const outputFile = join(reports, `${project}.json`);
  const status = run('npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outputFile}`,
    ...extraArgs,
  ]);
  if (status !== 0) exitCode = status;
  try {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed += report.numPassedTests;
    // A file that fails before any test runs (an import error) counts as one failure.
    failed += report.numFailedTests || report.numFailedTestSuites;
  } catch {
    failed += 1;
    console.error(`No report from the ${project} suite.`);
  }
}
console.log(`\nAll suites: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
