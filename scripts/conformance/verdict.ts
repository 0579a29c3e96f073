// Reads Schemathesis's JSON report of one run and decides it. Every check runs and every finding is
// printed; all of them fail the run (a server error, an answer the document does not describe, a
// wrong method not answered 405 with Allow, a resource lost after it was created, a request served
// without the credentials it needs, another user's object) except the three about which inputs are
// accepted (ST201-ST203: schema-valid input refused for a state the schema cannot express, such as
// an unknown category or an expired link, or invalid input let through), which are reported for
// the owners of those rules to judge. An error that is not Schemathesis's own (a refused connection
// is a platform that fell over) fails it too.
import { readFileSync } from 'node:fs';

interface Report {
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

const REPORTED_ONLY = /^ST20[123]$/;
const TOOL_ERRORS = /^Runtime Error$/;

export interface Verdict {
  passed: boolean;
  lines: string[];
}

export function verdictOf(reportPath: string): Verdict {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  const lines: string[] = [];
  let passed = true;
  for (const failure of report.failures) {
    const gating = !REPORTED_ONLY.test(failure.code);
    if (gating) passed = false;
    lines.push(
      `${gating ? 'FAIL' : 'note'} ${failure.code} ${failure.title} (${failure.count}): ${failure.operations.join(', ')}`,
    );
  }
  for (const error of report.errors) {
    const tool = TOOL_ERRORS.test(error.title);
    if (!tool) passed = false;
    lines.push(
      `${tool ? 'note' : 'FAIL'} error: ${error.title} (${error.count})${tool ? ', inside Schemathesis' : ''}`,
    );
  }
  return { passed, lines };
}
