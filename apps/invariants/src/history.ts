// The history of a run: every operation a client made, with its request, answer and timing, and
// the entities it touched (order:<id>, cart:<id>, sku:<sku>, product:<id>) so a violation can
// be shown with the operations that led to it.
export interface Operation {
  index: number;
  client: number;
  kind: string;
  method: string;
  path: string;
  request?: unknown;
  /** The HTTP status, or 0 when no answer came (connection refused, reset, timed out). */
  status: number;
  answer?: unknown;
  error?: string;
  /** Milliseconds since the run started. */
  startedMs: number;
  endedMs: number;
  refs: string[];
}

export class History {
  readonly operations: Operation[] = [];
  private readonly startedAt = Date.now();

  now(): number {
    return Date.now() - this.startedAt;
  }

  record(operation: Omit<Operation, 'index'>): Operation {
    const recorded = { ...operation, index: this.operations.length };
    this.operations.push(recorded);
    return recorded;
  }
}

/** Whether an operation may have taken effect although no success was seen (no answer, or a 5xx). */
export const indeterminate = (operation: Pick<Operation, 'status'>) =>
  operation.status === 0 || operation.status >= 500;

export function operationsTouching(operations: readonly Operation[], refs: readonly string[]): Operation[] {
  const wanted = new Set(refs);
  return operations.filter((operation) => operation.refs.some((ref) => wanted.has(ref)));
}
