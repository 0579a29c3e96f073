// One contract suite for every Cache adapter (Redis, in-memory).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cache } from '../cache/cache.js';

export function describeCacheContract(adapter: string, open: () => Cache): void {
  describe(`Cache contract: ${adapter}`, () => {
    const cache = open();
    afterAll(() => cache.close());

    it('returns what was set and undefined for a missing key', async () => {
      await cache.set('k1', 'v1', 60);
      expect(await cache.get('k1')).toBe('v1');
      expect(await cache.get('missing')).toBeUndefined();
    });

    it('reads several keys at once, each answer in the place of its key', async () => {
      await cache.set('m1', 'one', 60);
      await cache.set('m3', 'three', 60);
      expect(await cache.getMany(['m1', 'm2', 'm3'])).toEqual(['one', undefined, 'three']);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('forgets deleted keys', async () => {
      await cache.set('k2', 'v2', 60);
      await cache.set('k3', 'v3', 60);
      await cache.delete('k2', 'k3');
      expect(await cache.get('k2')).toBeUndefined();
      expect(await cache.get('k3')).toBeUndefined();
    });

    it('expires keys after their TTL', async () => {
      await cache.set('short', 'v', 1);
      await sleep(1100);
      expect(await cache.get('short')).toBeUndefined();
    });

    it('increments atomically under concurrency', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.increment('counter', 60)));
      expect(new Set(results).size).toBe(50);
      expect(Math.max(...results)).toBe(50);
    });

    it('keeps the first TTL of a counter instead of extending it on every increment', async () => {
      await cache.increment('window', 1);
      await sleep(600);
      await cache.increment('window', 1);
      await sleep(600);
      expect(await cache.increment('window', 1)).toBe(1);
    });
  });
}
