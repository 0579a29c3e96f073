import {
  createInProcessBus,
  createPgliteDatabase,
  createPostgresDatabase,
  createRabbitMqBus,
} from '../src/index.js';
import {
  contractSchemas,
  createTestDatabase,
  describeEventBusContract,
  testInfra,
  uniqueName,
} from '../src/testing/index.js';

describeEventBusContract('RabbitMQ + PostgreSQL', async () => {
  const testDb = await createTestDatabase('kit_bus');
  const db = createPostgresDatabase({ url: testDb.url, maxConnections: 20 });
  const prefix = uniqueName('kit');
  const bus = createRabbitMqBus({
    url: testInfra.amqpUrl,
    schemas: contractSchemas,
    exchange: `${prefix}.events`,
  });
  // Queue names carry the prefix too, so parallel runs never share a queue.
  const scoped = {
    ...bus,
    subscribe: (s: Parameters<typeof bus.subscribe>[0]) =>
      bus.subscribe({ ...s, consumer: `${prefix}.${s.consumer}` }),
    deadLetters: (c: string, limit?: number) => bus.deadLetters(`${prefix}.${c}`, limit),
    replayDeadLetters: (c: string) => bus.replayDeadLetters(`${prefix}.${c}`),
    queueDepth: (c: string) => bus.queueDepth(`${prefix}.${c}`),
  };
  return {
    bus: scoped,
    db,
    dispose: async () => {
      await bus.close();
      await db.close();
      await testDb.drop();
    },
  };
});

describeEventBusContract('in-process + PGlite', async () => {
  const db = await createPgliteDatabase();
  const bus = createInProcessBus({ schemas: contractSchemas });
  return {
    bus,
    db,
    dispose: async () => {
      await bus.close();
      await db.close();
    },
  };
});
