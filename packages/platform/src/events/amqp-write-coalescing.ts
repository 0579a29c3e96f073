// Sends everything the event bus writes to the broker in one tick as one TCP write.
//
// rabbitmq-client writes every publish and every ack on its own. With Nagle's algorithm on, the
// kernel merges them but a small write can wait ~40 ms for the broker's delayed ACK (every
// confirmed publish took 40 ms); with TCP_NODELAY each write is a system call and a packet of its
// own, which at thousands of events a second costs more CPU than the broker itself. Corking the
// socket until the end of the tick gives both: no added latency, and one write for a whole relay
// batch's publishes or an inbox batch's acks.
import type { Socket } from 'node:net';
import type { Connection } from 'rabbitmq-client';

export function coalesceWritesPerTick(connection: Connection): void {
  // A new socket on every (re)connect. `_socket` is rabbitmq-client's (5.x) own field: if a future
  // version renames it, writes simply stay uncoalesced.
  connection.on('connection', () => {
    const socket = (connection as unknown as { _socket?: Socket })._socket;
    if (!socket || typeof socket.cork !== 'function') return;
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
