import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { sameTurnBatch } from '../src/same-turn-batch.js';

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
