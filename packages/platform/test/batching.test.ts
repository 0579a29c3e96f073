import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BatchItemFailure, createBatcher, sameTurnBatch } from '../src/batching/batcher.js';

describe('sameTurnBatch', () => {
  it('runs the calls of one turn as one batch, each answered with its own result', async () => {
    const batches: number[][] = [];
    const double = sameTurnBatch(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    const together = await Promise.all([double(1), double(2), double(3)]);
    const first = double(4);
    await nextTurn();
    const later = await Promise.all([first, double(5)]);
    expect(together).toEqual([2, 4, 6]);
    expect(later).toEqual([8, 10]);
    expect(batches).toEqual([[1, 2, 3], [4], [5]]);
  });

  it('fails every call of a batch that fails, and the next batch runs afresh', async () => {
    let fail = true;
    const run = sameTurnBatch(async (items: string[]) => {
      if (fail) throw new Error('database gone');
      return items;
    });
    const failed = await Promise.allSettled([run('a'), run('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await run('c')).toBe('c');
  });
});

describe('createBatcher', () => {
  /** A batcher that records its batches (with their keys) and answers each item doubled. */
  function recording(options: Omit<Parameters<typeof createBatcher<number, number>>[0], 'run'> = {}) {
    const batches: { key: string; items: number[] }[] = [];
    const batcher = createBatcher<number, number>({
      ...options,
      async run(items, key) {
        batches.push({ key, items });
        return items.map((n) => n * 2);
      },
    });
    return { batcher, batches };
  }

  it('splits the items of a turn into batches of at most maxBatch', async () => {
    const { batcher, batches } = recording({ maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map(batcher.add))).toEqual([2, 4, 6, 8, 10]);
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('never puts items of different keys in one batch', async () => {
    const { batcher, batches } = recording({ keyOf: (n) => (n % 2 === 0 ? 'even' : 'odd') });
    expect(await Promise.all([1, 2, 3, 4].map(batcher.add))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([
      { key: 'odd', items: [1, 3] },
      { key: 'even', items: [2, 4] },
    ]);
  });

  it('holds a batch open while asked to, and runs it once the condition clears', async () => {
    let busy = true;
    const { batcher, batches } = recording({ hold: { while: () => busy, maxMs: 600_000 } });
    const first = batcher.add(1);
    await nextTurn();
    const second = batcher.add(2);
    await nextTurn();
    expect(batches).toEqual([]);
    busy = false;
    batcher.reconsider();
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
  });

  it('runs a held batch when its window closes, though the condition never clears', async () => {
    const { batcher, batches } = recording({ hold: { while: () => true, maxMs: 5 } });
    expect(await batcher.add(1)).toBe(2);
    expect(batches.map((b) => b.items)).toEqual([[1]]);
  });

  it('does not hold a batch that reached maxBatch', async () => {
    const { batcher, batches } = recording({ maxBatch: 2, hold: { while: () => true, maxMs: 600_000 } });
    expect(await Promise.all([batcher.add(1), batcher.add(2)])).toEqual([2, 4]);
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
  });

  it('fails only the item a batch answers with a failure', async () => {
    const batcher = createBatcher<number, number>({
      run: async (items) => items.map((n) => (n < 0 ? new BatchItemFailure(new Error(`bad ${n}`)) : n)),
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(-1), batcher.add(2)]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('bad -1') },
      { status: 'fulfilled', value: 2 },
    ]);
  });

  it('isolates failures: a batch that throws is retried item by item, failing only the culprit', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>({
      isolateFailures: true,
      async run(items) {
        batches.push(items);
        if (items.includes(-1)) throw new Error('constraint refused -1');
        return items;
      },
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(-1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([[1, -1, 2], [1], [-1], [2]]);
  });
});
