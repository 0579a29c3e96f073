import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCacheAside, createMemoryCache, createRedisCache, createRedisClient } from '../src/index.js';
import { describeCacheContract, testInfra, uniqueName } from '../src/testing/index.js';

describeCacheContract('Redis', () =>
  createRedisCache(createRedisClient(testInfra.redisUrl), `${uniqueName('kit')}:`),
);
describeCacheContract('in-memory', () => createMemoryCache());

describe('cache-aside', () => {
  it('loads once for a stampede of identical misses', async () => {
    const aside = createCacheAside(createMemoryCache());
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(20);
      return { title: 'Mug' };
    };
    const results = await Promise.all(Array.from({ length: 200 }, () => aside.get('product:1', 60, load)));
    expect(loads).toBe(1);
    expect(results.every((r) => r.title === 'Mug')).toBe(true);
  });

  it('serves fresh data after invalidation, even if a stale load was in flight', async () => {
    const aside = createCacheAside(createMemoryCache());
    // The first reader read the row before the write and returns after the invalidation.
    const readBeforeWrite = async () => {
      await sleep(30);
      return 'old';
    };
    const stale = aside.get('k', 60, readBeforeWrite);
    await sleep(5);
    await aside.invalidate('k');
    expect(await stale).toBe('old');
    expect(await aside.get('k', 60, async () => 'new')).toBe('new');
  });

  it('falls back to the loader when the cache is down', async () => {
    const broken = createMemoryCache();
    broken.get = async () => {
      throw new Error('redis down');
    };
    const aside = createCacheAside(broken);
    expect(await aside.get('k', 60, async () => 42)).toBe(42);
  });
});
