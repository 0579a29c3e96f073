// Stopping a service without failing the requests that ride kept-alive connections.
//
// A proxy in front of a pod (the gateway's undici pools, an ingress) keeps its connections to the
// pod open after the pod's endpoint is removed. Closing the server right away resets the idle ones
// just as a request may be sent on them, and a proxy cannot retry a POST whose body it already
// streamed. So, while draining, the service keeps serving and every answer carries
// `Connection: close` (createService's onRequest hook), which makes its client drop that connection;
// a connection left idle is closed by its client within the keep-alive hint (Node's server sends
// `Keep-Alive: timeout=5`, undici closes a second before it). Once no connection is open, or the
// window has passed, the caller closes the server.
import type { FastifyInstance } from 'fastify';

export interface DrainOptions {
  /** The longest wait for clients to close their connections; past the server's keep-alive hint. */
  windowMs: number;
  pollMs?: number;
}

/** Drains, waits for open connections to reach zero or the window to end, and returns how many are left. */
export async function drainConnections(app: FastifyInstance, options: DrainOptions): Promise<number> {
  app.startDraining();
  const deadline = Date.now() + options.windowMs;
  const pollMs = options.pollMs ?? 50;
  for (;;) {
    const open = await openConnections(app);
    if (open === 0 || Date.now() >= deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}

function openConnections(app: FastifyInstance): Promise<number> {
  if (!app.server.listening) return Promise.resolve(0);
  return new Promise((resolve, reject) =>
    app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}
