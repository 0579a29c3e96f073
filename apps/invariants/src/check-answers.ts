// Answers: no request answers 5xx or goes unanswered while every service runs. Under injected
// faults a killed service legitimately leaves requests unanswered or 503, so the rule holds only
// in runs without faults. A 503 problem that gives `retryAfter` is a service shedding work it
// chose not to start (the order service's checkout admission): a designed answer, not a failure;
// that it changed nothing, the stock and money invariants check.
import type { Operation } from './history.js';
import type { Violation } from './violation.js';

export function checkAnswers(operations: readonly Operation[], faults: boolean): Violation[] {
  if (faults) return [];
  return operations
    .filter((operation) => (operation.status === 0 || operation.status >= 500) && !isShed(operation))
    .map((operation) => ({
      invariant: 'no-server-error',
      entity: `operation:${operation.index}`,
      message: `${operation.kind} ${operation.method} ${operation.path} answered ${operation.status || 'nothing'}${operation.error ? ` (${operation.error})` : ''}`,
      refs: operation.refs,
    }));
}

function isShed(operation: Operation): boolean {
  const answer = operation.answer as { retryAfter?: unknown } | undefined;
  return operation.status === 503 && typeof answer?.retryAfter === 'number';
}
