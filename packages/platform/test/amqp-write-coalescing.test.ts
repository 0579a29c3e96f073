// The event bus's write coalescing depends on a private field of rabbitmq-client. These tests
// talk to the real broker and fail if an upgrade breaks it: the socket must be reachable, and a
// tick's publishes must leave as one vectored write instead of one write each.
import type { Socket } from 'node:net';
import { Connection } from 'rabbitmq-client';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWritesPerTick, connectionSocket } from '../src/events/amqp-write-coalescing.js';
import { testInfra, uniqueName } from '../src/testing/index.js';

type CountedSocket = Socket & { _write: Socket['_write']; _writev?: Socket['_writev'] };

const open: Connection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

async function connected(coalesce: boolean): Promise<Connection> {
  const connection = new Connection({ url: testInfra.amqpUrl, noDelay: true, retryHigh: 1000 });
  open.push(connection);
  if (coalesce) coalesceWritesPerTick(connection);
  await connection.onConnect(10_000, true);
  return connection;
}

/** Publishes `count` messages in one tick; returns how many socket writes carried them. */
async function writesForOneTick(connection: Connection, count: number) {
  const socket = connectionSocket(connection) as CountedSocket | undefined;
  if (!socket) throw new Error('rabbitmq-client no longer exposes its socket as _socket');
  const queue = uniqueName('coalesce');
  await connection.queueDeclare({ queue, exclusive: true });
  const publisher = connection.createPublisher();
  // Opens the publisher's channel first, so only the tick's publishes are counted.
  await publisher.send(queue, { warm: true });
  const counts = { write: 0, writev: 0 };
  const write = socket._write.bind(socket);
  const writev = socket._writev?.bind(socket);
  socket._write = (...args) => {
    counts.write += 1;
    return write(...args);
  };
  if (writev) {
    socket._writev = (...args) => {
      counts.writev += 1;
      return writev(...args);
    };
  }
  await Promise.all(Array.from({ length: count }, (_, i) => publisher.send(queue, { i })));
  const counted = { ...counts };
  await publisher.close();
  return counted;
}

describe('AMQP write coalescing', () => {
  it('reaches the socket of the pinned rabbitmq-client', async () => {
    const connection = await connected(true);
    expect(connectionSocket(connection)).toBeDefined();
  });

  it('sends one tick of publishes as a single write', async () => {
    const counts = await writesForOneTick(await connected(true), 20);
    expect(counts).toEqual({ write: 0, writev: 1 });
  });

  it('writes each publish on its own without it (the check can fail)', async () => {
    const counts = await writesForOneTick(await connected(false), 20);
    expect(counts.write + counts.writev).toBeGreaterThan(1);
  });
});
