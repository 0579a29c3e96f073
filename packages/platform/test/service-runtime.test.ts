import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceRuntime } from '../src/index.js';
import {
  createTestDatabase,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '../src/testing/index.js';

// The runtime on the distributed adapters: real PostgreSQL, RabbitMQ and Redis.
describe('service runtime', () => {
  let testDb: TestDatabase;
  const config = () => ({
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDb.url,
    AMQP_URL: testInfra.amqpUrl,
    EVENTS_EXCHANGE: `${uniqueName('x')}.events`,
    REDIS_URL: testInfra.redisUrl,
  });

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_service_runtime');
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it('opens what is asked, relays its outbox to its consumers, and answers readiness', async () => {
    const runtime = await openServiceRuntime({
      name: 'runtime-test',
      config: config(),
      sql: { eventTables: 'last' },
      cache: { keyPrefix: `${uniqueName('rt')}:` },
      events: { outbox: { idleDelayMs: 50 } },
    });
    try {
      const received: string[] = [];
      await runtime.subscribe({
        consumer: 'runtime-test',
        eventTypes: ['user.registered'],
        handle: async (event) => {
          received.push(event.id);
        },
      });
      const [event] = await runtime.db.transaction((tx) =>
        runtime.outbox.enqueue(tx, [
          {
            type: 'user.registered',
            data: { userId: crypto.randomUUID(), email: 'a@example.com', verificationToken: 't' },
          },
        ]),
      );
      await waitFor(() => received.includes(event!.id));
      expect(Object.keys(runtime.readiness).sort()).toEqual(['cache', 'database', 'events']);
      await Promise.all(Object.values(runtime.readiness).map((check) => check()));
    } finally {
      await runtime.close();
    }
    await expect(runtime.db.query('select 1')).rejects.toThrow();
  });

  it('closes what was registered later first, and every part even when one fails', async () => {
    const runtime = await openServiceRuntime({ name: 'runtime-test', config: config(), sql: {} });
    const closed: string[] = [];
    runtime.own({ stop: () => closed.push('worker') });
    runtime.own({
      close: async () => {
        closed.push('failing');
        throw new Error('would not close');
      },
    });
    runtime.own({ stop: async () => closed.push('sweeper') });
    await expect(runtime.close()).rejects.toThrow(/1 part\(s\) failed to close/);
    expect(closed).toEqual(['sweeper', 'failing', 'worker']);
    // The database, opened first, was still closed after the failure.
    await expect(runtime.db.query('select 1')).rejects.toThrow();
  });

  it('refuses an outbox without event tables, closing what it opened', async () => {
    await expect(
      openServiceRuntime({ name: 'runtime-test', config: config(), sql: {}, events: { outbox: true } }),
    ).rejects.toThrow(/outbox needs sql.eventTables/);
  });
});
