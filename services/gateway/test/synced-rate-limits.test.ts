import { createRedisClient } from '@emporium/platform';
import { testInfra, uniqueName } from '@emporium/platform/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncedCounters } from '../src/limits/synced-counters.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const WINDOW_MS = 60_000;
// Syncs only when a test calls sync(), so what each replica knows is decided by the test.
const byHand = 3_600_000;

describe('synced rate-limit counters (local counts, shared totals in Redis)', () => {
  let redis: Redis;
  const open: SyncedCounters[] = [];
  beforeAll(() => {
    redis = createRedisClient(testInfra.redisUrl);
  });
  afterAll(async () => {
    await Promise.all(open.map((counters) => counters.close()));
    redis.disconnect();
  });
  const replica = (keyPrefix: string, client: Redis = redis) => {
    const counters = new SyncedCounters({ redis: client, keyPrefix, syncIntervalMs: byHand });
    open.push(counters);
    return counters;
  };

  it('lets a replica learn what the others counted at its next sync, and loses no count', async () => {
    const prefix = `${uniqueName('rate')}:`;
    const a = replica(prefix);
    const b = replica(prefix);
    const onA = Array.from({ length: 5 }, () => a.count('ip:1', WINDOW_MS).current);
    expect(onA).toEqual([1, 2, 3, 4, 5]);
    await a.sync();
    // B has not synced since A counted: it sees only its own request (the documented tolerance).
    expect(b.count('ip:1', WINDOW_MS).current).toBe(1);
    await b.sync();
    expect(b.count('ip:1', WINDOW_MS).current).toBe(7);
    await Promise.all([a.sync(), b.sync()]);
    expect(Number(await redis.get(`${prefix}ip:1`))).toBe(7);
    const ttl = await redis.pttl(`${prefix}ip:1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('counts every request of two replicas racing, with syncs in between', async () => {
    const prefix = `${uniqueName('rate')}:`;
    const a = replica(prefix);
    const b = replica(prefix);
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        (i % 2 ? a : b).count('user:race', WINDOW_MS);
        if (i % 7 === 0) await (i % 2 ? a : b).sync();
      }),
    );
    await Promise.all([a.sync(), b.sync()]);
    expect(Number(await redis.get(`${prefix}user:race`))).toBe(40);
    // A replica learns the total when it next sends a count of its own.
    a.count('user:race', WINDOW_MS);
    await a.sync();
    expect(a.count('user:race', WINDOW_MS).current).toBe(42);
  });

  it('keeps limiting on its own counts while Redis is unreachable', async () => {
    const unreachable = createRedisClient('redis://127.0.0.1:9');
    unreachable.on('error', () => {});
    const alone = new SyncedCounters({
      redis: unreachable,
      keyPrefix: `${uniqueName('rate')}:`,
      syncIntervalMs: byHand,
    });
    for (let i = 1; i <= 3; i++) expect(alone.count('ip:2', WINDOW_MS).current).toBe(i);
    await alone.sync();
    // The failed sync kept the counts: nothing was forgotten, so the quota still holds.
    expect(alone.count('ip:2', WINDOW_MS).current).toBe(4);
    // Stopping does not wait for a Redis that does not answer.
    await alone.close();
    unreachable.disconnect();
  });
});

describe('the general quota across gateway replicas', () => {
  const from = (ip: string) => ({ remoteAddress: ip });
  let synced: TestGateway;
  const exact: TestGateway[] = [];
  beforeAll(async () => {
    const shared = `${uniqueName('gateway')}:`;
    // These tests count requests; shedding (503) on a machine busy with other tests is not theirs.
    const patient = { MAX_EVENT_LOOP_DELAY_MS: '60000' };
    synced = await startTestGateway({ env: { ...patient, RATE_LIMIT_ANONYMOUS_MAX: '5' } });
    for (let i = 0; i < 2; i++) {
      exact.push(
        await startTestGateway({
          env: {
            ...patient,
            RATE_LIMIT_ANONYMOUS_MAX: '5',
            RATE_LIMIT_SYNC_MS: '0',
            REDIS_KEY_PREFIX: shared,
          },
        }),
      );
    }
  });
  afterAll(() => Promise.all([synced, ...exact].map((gateway) => gateway?.close())));

  it('admits exactly the quota from a burst sent at once to one replica', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        synced.app.inject({ method: 'GET', url: '/api/v1/products', ...from('10.9.0.1') }),
      ),
    );
    const codes = answers.map((res) => res.statusCode).sort();
    expect(codes).toEqual([...Array(5).fill(200), ...Array(7).fill(429)]);
  });

  it('with RATE_LIMIT_SYNC_MS=0, refuses on one replica what another already admitted', async () => {
    const [first, second] = exact as [TestGateway, TestGateway];
    const onFirst = await Promise.all(
      Array.from({ length: 5 }, () =>
        first.app.inject({ method: 'GET', url: '/api/v1/products', ...from('10.9.0.2') }),
      ),
    );
    expect(onFirst.map((res) => (res.statusCode === 200 ? 200 : res.body))).toEqual([
      200, 200, 200, 200, 200,
    ]);
    const onSecond = await second.app.inject({ method: 'GET', url: '/api/v1/products', ...from('10.9.0.2') });
    expect(onSecond.statusCode).toBe(429);
  });
});
