// `npm run test:conformance`: the served OpenAPI document is held to what the API answers.
// Starts the embedded platform on a fresh data directory and its own ports, signs in as a
// customer and as the admin, and runs Schemathesis with every check over the gateway's
// /api/docs for each role. verdict.ts says which findings fail the run.
//   CONFORMANCE_MAX_EXAMPLES   examples per operation and phase (default 25)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPlatform } from './platform.js';
import { schemathesisIn } from './python-env.js';
import { adminToken, customerToken } from './sign-in.js';
import { verdictOf } from './verdict.js';

const root = join(import.meta.dirname, '../..');
const maxExamples = process.env.CONFORMANCE_MAX_EXAMPLES ?? '25';
const reportDir = mkdtempSync(join(tmpdir(), 'emporium-conformance-report-'));

// Asynchronous: the platform answering Schemathesis runs in this very process.
async function schemathesis(
  executable: string,
  gateway: string,
  role: string,
  token: string,
): Promise<boolean> {
  console.log(`\n=== Schemathesis as the ${role}`);
  const args = [
    '--config-file',
    join(import.meta.dirname, 'schemathesis.toml'),
    'run',
    `${gateway}/api/docs`,
    '--checks',
    'all',
    '--max-examples',
    maxExamples,
    '--workers',
    '2',
    '--header',
    `Authorization: Bearer ${token}`,
    // An event stream answers for as long as the client listens: there is no answer to judge.
    '--exclude-path-regex',
    '/notifications/stream$',
    // A hung request fails the run instead of stalling it.
    '--request-timeout',
    '30',
    '--suppress-health-check',
    'all',
    '--no-color',
    '--report',
    'json',
    '--report-json-path',
    join(reportDir, `${role}.json`),
  ];
  const child = spawn(executable, args, { cwd: root, stdio: 'inherit' });
  await once(child, 'exit');
  const report = join(reportDir, `${role}.json`);
  // Written when the run ends: missing or empty, Schemathesis was stopped before it could judge.
  if (!existsSync(report) || statSync(report).size === 0) {
    console.log(`Schemathesis wrote no report for the ${role}.`);
    return false;
  }
  const verdict = verdictOf(report);
  console.log(`\n=== Verdict for the ${role}: ${verdict.passed ? 'passed' : 'FAILED'}`);
  for (const line of verdict.lines) console.log(`  ${line}`);
  return verdict.passed;
}

const executable = schemathesisIn(join(root, '.venv-conformance'));
const dataDir = mkdtempSync(join(tmpdir(), 'emporium-conformance-'));
// Away from the ranges the embedded and distributed tests pick theirs from (20 000-27 990).
const portBase = 30_000 + Math.floor(Math.random() * 400) * 10;
const platform = await startEmbeddedPlatform(dataDir, portBase);
let failed = false;
try {
  const roles = {
    customer: await customerToken(platform.gateway),
    admin: await adminToken(platform.gateway, dataDir),
  };
  for (const [role, token] of Object.entries(roles)) {
    if (!(await schemathesis(executable, platform.gateway, role, token))) failed = true;
  }
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(reportDir, { recursive: true, force: true });
}
console.log(
  failed ? '\nConformance: FAILED (see the reports above)' : '\nConformance: passed for both roles',
);
process.exit(failed ? 1 : 0);
