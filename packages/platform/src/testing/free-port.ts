// A port on 127.0.0.1 that nothing listens on, for a test that starts a server in another process.
// The kernel picks it, so it is outside the ranges other tests choose at random, and not one of the
// ephemeral ports that the suite's own outgoing connections hold at that moment.

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
