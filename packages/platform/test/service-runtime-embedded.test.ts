import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openServiceRuntime } from '../src/index.js';

// The embedded start runs every service on PGlite, the memory cache and the in-process bus: the
// runtime must open those without loading a driver for the real servers (load-on-first-use.ts).
describe('service runtime on the embedded adapters', () => {
  it('opens and closes PGlite, the memory cache and the in-process bus without loading pg, ioredis or rabbitmq-client', async () => {
    const runtime = await openServiceRuntime({
      name: 'runtime-embedded-test',
      config: {
        LOG_LEVEL: 'silent',
        DATABASE_URL: 'pglite:memory',
        AMQP_URL: 'memory:',
        REDIS_URL: 'memory:',
      },
      sql: { eventTables: 'last' },
      cache: { keyPrefix: 'test:' },
      events: { outbox: true },
    });
    await runtime.db.query('select 1');
    await runtime.close();
    const drivers = Object.keys(createRequire(import.meta.url).cache).filter((path) =>
      /node_modules[/\\](pg|ioredis|rabbitmq-client)[/\\]/.test(path),
    );
    expect(drivers).toEqual([]);
  });
});
