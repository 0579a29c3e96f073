// Gathers calls into batches: requests that arrive together then share one database round trip
// and commit, or one HTTP request, instead of paying one each. A batch closes at the end of the
// event-loop turn its first item arrived in, so a lone call waits for nothing but that; optionally
// it is held open longer while a condition says more items are coming (e.g. password checks
// queued for the hash threads), never longer than a window. Items may be queued apart by key
// (e.g. the service they go to); a batch holds at most `maxBatch` items, more are split.

/** A batch's answer for one item that failed on its own; the others of the batch still succeed. */
export class BatchItemFailure {
  constructor(readonly error: unknown) {}
}

export interface BatcherOptions<I, O> {
  /**
   * Runs one batch (all of one key): one answer per item, in the same order. If it throws, every
   * item of the batch fails with that error (unless `isolateFailures`).
   */
  run(items: I[], key: string): Promise<(O | BatchItemFailure)[]>;
  /** The most items in one batch. Large batches hold locks longer and make one failure fail more. */
  maxBatch?: number;
  /** Items of different keys never share a batch. */
  keyOf?(item: I): string;
  /**
   * Keeps a batch open past the turn while `while()` answers true, for at most `maxMs`; the owner
   * calls `reconsider()` when the answer may have changed.
   */
  hold?: { while(): boolean; maxMs: number };
  /**
   * A batch that throws is run again item by item, so an item that cannot succeed (a row a
   * constraint refuses) fails only itself. For batches that write all or nothing.
   */
  isolateFailures?: boolean;
}

export interface Batcher<I, O> {
  /** Queues `item`; resolves with its own answer. */
  add(item: I): Promise<O>;
  /** The hold condition may have changed: batches no longer held are run at the end of the turn. */
  reconsider(): void;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Queue<I, O> {
  key: string;
  waiting: Waiting<I, O>[];
  immediate?: NodeJS.Immediate;
  timer?: NodeJS.Timeout;
}

export function createBatcher<I, O>(options: BatcherOptions<I, O>): Batcher<I, O> {
  const { hold, isolateFailures = false } = options;
  const maxBatch = options.maxBatch ?? Number.POSITIVE_INFINITY;
  const queues = new Map<string, Queue<I, O>>();

  async function runBatch(key: string, batch: Waiting<I, O>[]): Promise<void> {
    let answers: (O | BatchItemFailure)[];
    try {
      answers = await options.run(
        batch.map((entry) => entry.item),
        key,
      );
    } catch (error) {
      if (isolateFailures && batch.length > 1) for (const entry of batch) void runBatch(key, [entry]);
      else for (const entry of batch) entry.reject(error);
      return;
    }
    for (const [i, entry] of batch.entries()) {
      const answer = answers[i];
      if (answer instanceof BatchItemFailure) entry.reject(answer.error);
      else entry.resolve(answer as O);
    }
  }

  function flush(queue: Queue<I, O>): void {
    clearImmediate(queue.immediate);
    clearTimeout(queue.timer);
    if (queues.get(queue.key) !== queue) return;
    queues.delete(queue.key);
    const { waiting } = queue;
    for (let i = 0; i < waiting.length; i += maxBatch)
      void runBatch(queue.key, waiting.slice(i, i + maxBatch));
  }

  function schedule(queue: Queue<I, O>): void {
    if (queue.immediate) return;
    if (!hold || queue.waiting.length >= maxBatch || !hold.while()) {
      queue.immediate = setImmediate(flush, queue);
    } else {
      queue.timer ??= setTimeout(flush, hold.maxMs, queue);
    }
  }

  return {
    add(item) {
      const key = options.keyOf?.(item) ?? '';
      const queue = queues.get(key) ?? { key, waiting: [] };
      if (queue.waiting.length === 0) queues.set(key, queue);
      const promise = new Promise<O>((resolve, reject) => {
        queue.waiting.push({ item, resolve, reject });
      });
      schedule(queue);
      return promise;
    },
    reconsider() {
      for (const queue of queues.values()) schedule(queue);
    },
  };
}

/**
 * The calls made in one turn, run as one batch: `runBatch` answers one result per item, in order.
 * Shorthand for a batcher with no key, hold or limit.
 */
export function sameTurnBatch<I, O>(runBatch: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
  return createBatcher<I, O>({ run: runBatch }).add;
}
