// The bus publishes to a direct exchange, `<name>.direct`; earlier versions published to a topic
// exchange `<name>` and bound each consumer's queue to it. During a rolling upgrade producers of
// both versions run at once: a consumer queue bound by the earlier version must still receive
// what an old producer publishes, and the upgraded bus must bind the same queue to the new exchange.
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Connection } from 'rabbitmq-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createRabbitMqBus, type EventEnvelope } from '../src/index.js';
import { testInfra, uniqueName, waitFor } from '../src/testing/index.js';

const schemas = { 'upgrade.happened': Type.Object({ n: Type.Integer() }) };

const envelope = (n: number): EventEnvelope => ({
  specversion: '1.0',
  id: randomUUID(),
  type: 'upgrade.happened',
  source: '/test',
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data: { n },
});

describe('RabbitMQ bus across the change from a topic to a direct exchange', () => {
  const name = `${uniqueName('upgrade')}.events`;
  const connection = new Connection({ url: testInfra.amqpUrl, retryHigh: 1000 });
  const bus = createRabbitMqBus({ url: testInfra.amqpUrl, schemas, exchange: name });

  afterAll(async () => {
    await bus.close();
    await connection.exchangeDelete({ exchange: name });
    await connection.exchangeDelete({ exchange: `${name}.direct` });
    await connection.queueDelete({ queue: `${name}.reader` });
    await connection.close();
  });

  it('delivers to an upgraded consumer what old and new producers publish', async () => {
    // What the earlier version left on the broker: the topic exchange and the queue bound to it.
    await connection.exchangeDeclare({ exchange: name, type: 'topic', durable: true });
    await connection.queueDeclare({
      queue: `${name}.reader`,
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await connection.queueBind({ exchange: name, queue: `${name}.reader`, routingKey: 'upgrade.happened' });

    const received: number[] = [];
    await bus.subscribe({
      consumer: 'reader',
      eventTypes: ['upgrade.happened'],
      handle: async (event) => {
        received.push((event.data as { n: number }).n);
      },
    });

    // A producer not yet upgraded publishes to the topic exchange, as earlier versions did.
    const oldProducer = connection.createPublisher({ confirm: true });
    await oldProducer.send(
      { exchange: name, routingKey: 'upgrade.happened', durable: true, contentType: 'application/json' },
      envelope(1),
    );
    await oldProducer.close();
    // An upgraded one publishes through the bus, to the direct exchange.
    await bus.publish([envelope(2)]);

    await waitFor(() => received.length >= 2);
    expect(received.sort()).toEqual([1, 2]);
  });
});
