import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  createOutbox,
  createPostgresDatabase,
  createRabbitMqBus,
  type EventBus,
  handleOnce,
  migrateEventTables,
  type Outbox,
  type SqlDatabase,
} from '../src/index.js';
import {
  contractSchemas,
  createTestDatabase,
  startServer,
  stopServer,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '../src/testing/index.js';

describe('event bus under failure (real RabbitMQ and PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: SqlDatabase;
  const exchange = `${uniqueName('chaos')}.events`;
  const openBus = () =>
    createRabbitMqBus({ url: testInfra.chaosAmqpUrl, schemas: contractSchemas, exchange });

  const effects = async (consumer: string) =>
    (
      await db.query<{ n: number }>('select count(*)::int as n from applied_effects where consumer = $1', [
        consumer,
      ])
    ).rows[0]!.n;

  beforeAll(async () => {
    await startServer('rabbitmq-chaos');
    testDb = await createTestDatabase('bus_chaos');
    db = createPostgresDatabase({ url: testDb.url, maxConnections: 20 });
    await migrateEventTables(db);
    await db.exec('create table applied_effects (consumer text, event_id text, unique (consumer, event_id))');
  });

  afterAll(async () => {
    await startServer('rabbitmq-chaos');
    await db.close();
    await testDb.drop();
  });

  it('delivers every event once in effect when the broker restarts mid-stream', async () => {
    const bus: EventBus = openBus();
    const outbox: Outbox = createOutbox({
      db,
      publisher: bus,
      source: '/chaos',
      schemas: contractSchemas,
      idleDelayMs: 20,
    });
    await bus.subscribe({
      consumer: 'stream',
      eventTypes: ['test.item_added'],
      retryDelaysMs: [100, 200, 400],
      handle: (event) =>
        handleOnce(db, 'stream', event, async (tx) => {
          await tx.query('insert into applied_effects (consumer, event_id) values ($1, $2)', [
            'stream',
            event.id,
          ]);
        }).then(() => undefined),
    });
    outbox.start();
    const total = 3000;
    const produce = async (from: number, to: number) => {
      for (let batch = from; batch < to; batch += 100) {
        await outbox.transaction(async (_tx, emit) => {
          for (let i = batch; i < batch + 100; i++)
            emit({ type: 'test.item_added', data: { itemId: `s-${i}`, quantity: 1 } });
        });
      }
    };
    try {
      await produce(0, 1000);
      await stopServer('rabbitmq-chaos');
      // Producers keep committing while the broker is down: the outbox holds the events.
      await produce(1000, 2000);
      await startServer('rabbitmq-chaos');
      await produce(2000, total);
      await waitFor(async () => (await effects('stream')) >= total, 120_000);
      expect(await effects('stream')).toBe(total);
      await waitFor(async () => (await db.query('select 1 from event_outbox')).rowCount === 0, 30_000);
    } finally {
      await outbox.stop();
      await bus.close();
    }
  }, 180_000);

  it('redelivers an event whose consumer died after its effect but before its ack, with no second effect', async () => {
    const fixture = new URL('./fixtures/consumer-killed-before-ack.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, DATABASE_URL: testDb.url, AMQP_URL: testInfra.chaosAmqpUrl, EXCHANGE: exchange },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`consumer exited early (${code})`)));
    });
    const bus = openBus();
    try {
      const event = createEnvelope('/chaos', {
        type: 'test.item_added',
        data: { itemId: 'once', quantity: 1 },
      });
      const exited = once(child, 'exit');
      await bus.publish([event]);
      const [, signal] = await exited;
      expect(signal).toBe('SIGKILL');
      expect(await effects('worker')).toBe(1);

      let redelivered = 0;
      let secondEffect = false;
      await bus.subscribe({
        consumer: 'worker',
        eventTypes: ['test.item_added'],
        handle: async (received) => {
          redelivered += 1;
          secondEffect = await handleOnce(db, 'worker', received, async (tx) => {
            await tx.query('insert into applied_effects (consumer, event_id) values ($1, $2)', [
              'worker',
              received.id,
            ]);
          });
        },
      });
      await waitFor(() => redelivered >= 1, 30_000);
      expect(secondEffect).toBe(false);
      expect(await effects('worker')).toBe(1);
    } finally {
      await bus.close();
    }
  }, 60_000);
});
