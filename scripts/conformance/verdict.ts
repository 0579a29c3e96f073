// Reads Schemathesis's JSON report of one run and decides it. Every check runs and every finding is
// printed, but only these fail the run: a server error or an answer the document does not describe
// (the ST1xx codes: status, content type, body, headers), an undeclared method not answered 405
// with Allow (ST204), and any error that is not Schemathesis's own (a refused connection is a
// platform that fell over). The input-handling findings (ST201-ST203: schema-valid input refused
// for a state the schema cannot express, such as an unknown category or an expired link) are
// reported for their owners to judge.
import { readFileSync } from 'node:fs';

interface Report {
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

const GATING = /^ST1\d\d$|^ST204$/;
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
    const gating = GATING.test(failure.code);
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
