// Small real Fastify servers on 127.0.0.1 standing in for the services: by default they echo what
// reached them (method, path, headers, raw body), and record every call.
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';

export interface RecordedCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface StubService {
  name: string;
  url: string;
  calls: RecordedCall[];
  /** Stops listening (connections refused) until start() is called again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export type StubRoutes = (app: FastifyInstance, stub: StubService) => void;

export async function startStub(name: string, routes?: StubRoutes): Promise<StubService> {
  let app: FastifyInstance | undefined;
  let port = 0;
  const stub: StubService = {
    name,
    url: '',
    calls: [],
    async stop() {
      await app?.close();
      app = undefined;
    },
    async start() {
      app = Fastify({ forceCloseConnections: true });
      app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      app.removeContentTypeParser('application/json');
      app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
        done(null, body),
      );
      app.addHook('onRequest', async (request) => {
        stub.calls.push({ method: request.method, url: request.url, headers: request.headers });
      });
      routes?.(app, stub);
      app.all('/*', async (request, reply) => {
        reply.header('x-powered-by', 'stub').header('x-internal-shard', '7').header('server', 'stub/1');
        reply.header('access-control-allow-origin', '*');
        return {
          service: name,
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: request.body ?? null,
        };
      });
      await app.listen({ port, host: '127.0.0.1' });
      const address = app.server.address();
      if (address && typeof address === 'object') port = address.port;
      stub.url = `http://127.0.0.1:${port}`;
    },
  };
  await stub.start();
  return stub;
}
