// Gathers the calls made in one event-loop turn and runs them as one batch: requests that arrive
// together (a batch of internal calls, answered by parallel handlers) then share one database
// round trip and one commit instead of paying one each. A lone call is a batch of one and waits
// for nothing but the end of the current turn.

/**
 * Returns a function that queues its item and resolves with the item's own result. `runBatch`
 * gets every item queued in the turn, in order, and answers one result per item, in the same
 * order; if it throws, every call of the batch fails with that error.
 */
export function sameTurnBatch<I, O>(runBatch: (items: I[]) => Promise<O[]>): (item: I) => Promise<O> {
  let queued: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];

  async function flush() {
    const batch = queued;
    queued = [];
    try {
      const results = await runBatch(batch.map((entry) => entry.item));
      for (const [i, entry] of batch.entries()) entry.resolve(results[i] as O);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (queued.length === 0) setImmediate(flush);
      queued.push({ item, resolve, reject });
    });
}
