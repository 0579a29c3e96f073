import { setImmediate as settle } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRelayLoops } from '../src/events/relay-loops.js';

// Relay loops driven by a fake relayOnce: `results` are the batch sizes it reports, in order.
function loopsWith(results: number[]) {
  let calls = 0;
  const loops = createRelayLoops({
    loops: 3,
    batchSize: 10,
    // Longer than any test: only kicks and full batches make a loop run again.
    idleDelayMs: 60_000,
    relayOnce: async () => results[calls++] ?? 0,
  });
  return { loops, calls: () => calls };
}

describe('outbox relay loops', () => {
  it('wakes one idle loop per kick, not all of them', async () => {
    const { loops, calls } = loopsWith([]);
    loops.start();
    await settle();
    expect(calls()).toBe(3);
    loops.kick();
    await settle();
    expect(calls()).toBe(4);
    await loops.stop();
  });

  it('brings in another loop while batches come back full', async () => {
    const { loops, calls } = loopsWith([0, 0, 0, 10, 10, 3]);
    loops.start();
    await settle();
    loops.kick();
    for (let i = 0; i < 5; i++) await settle();
    // The kick ran one loop; each of the two full batches made its loop go on and woke an idle one.
    expect(calls()).toBe(3 + 1 + 2 * 2);
    await loops.stop();
  });

  it('runs again after a kick that found every loop busy', async () => {
    let release: () => void = () => {};
    let calls = 0;
    const loops = createRelayLoops({
      loops: 1,
      batchSize: 10,
      idleDelayMs: 60_000,
      relayOnce: async () => {
        calls += 1;
        if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
        return 0;
      },
    });
    loops.start();
    await settle();
    loops.kick();
    release();
    await settle();
    expect(calls).toBe(2);
    await loops.stop();
  });

  describe('spacing the passes that follow kicks', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    // Four loops, at most one pass per loop per 100 ms on average: passes 25 ms apart.
    function spacedLoops() {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      let calls = 0;
      const loops = createRelayLoops({
        loops: 4,
        batchSize: 10,
        idleDelayMs: 60_000,
        minPassIntervalMs: 100,
        relayOnce: async () => {
          calls += 1;
          return 0;
        },
      });
      return { loops, calls: () => calls };
    }

    it('runs a kicked loop once the relay is a gap past its last pass, not the loop', async () => {
      const { loops, calls } = spacedLoops();
      loops.start();
      await settle();
      expect(calls()).toBe(4);
      // 30 ms on: every loop passed 30 ms ago, less than its 100 ms, more than the 25 ms gap.
      await vi.advanceTimersByTimeAsync(30);
      loops.kick();
      await vi.advanceTimersByTimeAsync(0);
      expect(calls()).toBe(5);
      await loops.stop();
    });

    it('keeps two loops kicked together a gap apart', async () => {
      const { loops, calls } = spacedLoops();
      loops.start();
      await settle();
      await vi.advanceTimersByTimeAsync(30);
      loops.kick();
      loops.kick();
      await vi.advanceTimersByTimeAsync(0);
      expect(calls()).toBe(5);
      await vi.advanceTimersByTimeAsync(24);
      expect(calls()).toBe(5);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls()).toBe(6);
      await loops.stop();
    });
  });

  it('stops when stopped in the middle of a pass, without waiting for the idle delay', async () => {
    let release: () => void = () => {};
    let passes = 0;
    const loops = createRelayLoops({
      loops: 1,
      batchSize: 10,
      // Longer than the test's time limit: a stop that waited for it would fail the test.
      idleDelayMs: 600_000,
      relayOnce: async () => {
        passes += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return 1;
      },
    });
    loops.start();
    await settle();
    const stopped = loops.stop();
    release();
    await stopped;
    expect(passes).toBe(1);
  });
});
