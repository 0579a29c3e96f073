// The report of a run: the seed, the operations per kind and answer status, and each violation
// followed by the operations on the entities it is about (the history that led to it).
import { type Operation, operationsTouching } from './history.js';
import type { Violation } from './violation.js';

const HISTORY_LINES_PER_VIOLATION = 40;

export function operationCounts(operations: readonly Operation[]): Map<string, Map<number, number>> {
  const counts = new Map<string, Map<number, number>>();
  for (const operation of operations) {
    const byStatus = counts.get(operation.kind) ?? new Map<number, number>();
    byStatus.set(operation.status, (byStatus.get(operation.status) ?? 0) + 1);
    counts.set(operation.kind, byStatus);
  }
  return counts;
}

/** The part of an answer that tells what happened: an order's status and money, or a problem's type. */
function gist(answer: unknown): string {
  if (!answer || typeof answer !== 'object') return '';
  const body = answer as Record<string, unknown>;
  if (typeof body.type === 'string' && typeof body.status === 'number') {
    return `${String(body.type).split('/').pop()}: ${String(body.detail ?? body.title ?? '')}`.slice(0, 160);
  }
  const parts: string[] = [];
  if (body.orderId) parts.push(`order ${body.orderId}`);
  if (typeof body.status === 'string') parts.push(body.status);
  const totals = body.totals as { total?: { amount: number } } | undefined;
  if (totals?.total) parts.push(`total ${totals.total.amount}`);
  const refunded = body.refunded as { amount?: number } | undefined;
  if (refunded?.amount !== undefined) parts.push(`refunded ${refunded.amount}`);
  if (typeof body.available === 'number')
    parts.push(`available ${body.available}, reserved ${body.reserved}`);
  if (body.cartId && !body.orderId) parts.push(`cart ${body.cartId}`);
  return parts.join(', ');
}

export function describeOperation(operation: Operation): string {
  const seconds = (operation.startedMs / 1000).toFixed(3);
  const took = operation.endedMs - operation.startedMs;
  const request =
    operation.request === undefined ? '' : ` ${JSON.stringify(operation.request).slice(0, 120)}`;
  const answer = operation.error ? `no answer (${operation.error})` : gist(operation.answer);
  return `#${operation.index} +${seconds}s (${took} ms) client ${operation.client} ${operation.kind} ${operation.method} ${operation.path}${request} → ${operation.status} ${answer}`;
}

export function formatReport(
  seed: number,
  operations: readonly Operation[],
  violations: readonly Violation[],
): string {
  const lines = [`seed ${seed}: ${operations.length} operations`];
  for (const [kind, byStatus] of [...operationCounts(operations)].sort(([a], [b]) => a.localeCompare(b))) {
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    lines.push(`  ${kind.padEnd(16)} ${statuses.join('  ')}`);
  }
  const perInvariant = new Map<string, number>();
  for (const violation of violations) {
    perInvariant.set(violation.invariant, (perInvariant.get(violation.invariant) ?? 0) + 1);
  }
  lines.push(
    violations.length === 0
      ? 'no violations'
      : `${violations.length} violation(s): ${[...perInvariant].map(([name, n]) => `${name} ×${n}`).join(', ')}`,
  );
  for (const violation of violations) {
    lines.push('', `✗ ${violation.invariant} — ${violation.entity}`, `  ${violation.message}`);
    const history = operationsTouching(operations, violation.refs);
    const shown = history.slice(-HISTORY_LINES_PER_VIOLATION);
    if (shown.length < history.length) lines.push(`  … ${history.length - shown.length} earlier operations`);
    for (const operation of shown) lines.push(`    ${describeOperation(operation)}`);
  }
  return lines.join('\n');
}
