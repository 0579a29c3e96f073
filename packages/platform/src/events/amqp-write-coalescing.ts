// Sends everything the event bus writes to the broker in one tick as one TCP write.
//
// rabbitmq-client writes every publish and every ack on its own. With Nagle's algorithm on, the
// kernel merges them but a small write can wait ~40 ms for the broker's delayed ACK (every
// confirmed publish took 40 ms); with TCP_NODELAY each write is a system call and a packet of its
// own, which at thousands of events a second costs more CPU than the broker itself. Corking the
// socket until the end of the tick gives both: no added latency, and one write for a whole relay
// batch's publishes or an inbox batch's acks.
//
// This reaches into `_socket`, a private field of rabbitmq-client 5.0.8. The version is pinned
// exactly in packages/platform/package.json, and test/amqp-write-coalescing.test.ts fails if an
// upgrade renames the field or the writes stop being merged.
import type { Socket } from 'node:net';
import type { Connection } from 'rabbitmq-client';

/** The connection's current socket, or undefined if the client no longer exposes it. */
export function connectionSocket(connection: Connection): Socket | undefined {
  const socket = (connection as unknown as { _socket?: Socket })._socket;
  return socket && typeof socket.cork === 'function' ? socket : undefined;
}

export function coalesceWritesPerTick(connection: Connection): void {
  // A new socket on every (re)connect.
  connection.on('connection', () => {
    const socket = connectionSocket(connection);
    if (!socket) return;
    const write = socket.write;
    let corked = false;
    const flush = () => {
      corked = false;
      socket.uncork();
    };
    socket.write = ((...args: Parameters<Socket['write']>) => {
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(flush);
      }
      return write.apply(socket, args);
    }) as Socket['write'];
  });
}
