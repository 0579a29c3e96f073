// Answers: no request answers 5xx or goes unanswered while every service runs. Under injected
// faults a killed service legitimately leaves requests unanswered or 503, so the rule holds only
// in runs without faults.
import type { Operation } from './history.js';
import type { Violation } from './violation.js';

export function checkAnswers(operations: readonly Operation[], faults: boolean): Violation[] {
  if (faults) return [];
  return operations
    .filter((operation) => operation.status === 0 || operation.status >= 500)
    .map((operation) => ({
      invariant: 'no-server-error',
      entity: `operation:${operation.index}`,
      message: `${operation.kind} ${operation.method} ${operation.path} answered ${operation.status || 'nothing'}${operation.error ? ` (${operation.error})` : ''}`,
      refs: operation.refs,
    }));
}
