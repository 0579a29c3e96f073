// Prometheus metrics: one registry per service instance, request counters and latency per route.
// /metrics is on the service port unless serveMetricsOnOwnPort moves it to a port of its own.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { HttpProblem } from '../problems.js';

export function createMetricsRegistry(service: string, withProcessMetrics: boolean): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (withProcessMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs share one label so a scan of random paths can't explode the series count.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    // Moved to its own port: the service port answers as for any unknown path (not 405: the
    // route exists only to say so).
    if (ownPortRegistries.has(registry)) {
      throw new HttpProblem(404, 'route-not-found', 'Not found', 'No route for GET /metrics.');
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/** Registries served on a port of their own; per registry, so apps in one process stay apart. */
const ownPortRegistries = new WeakSet<Registry>();

export interface MetricsServer {
  /** The bound port (the real one when 0 was asked for). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` of the app's registry on a separate port, and turns the service port's
 * /metrics into a 404. In Kubernetes only this port is open to Prometheus.
 */
export async function serveMetricsOnOwnPort(
  app: FastifyInstance,
  options: { port: number; host: string },
): Promise<MetricsServer> {
  const registry = app.metrics;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Method Not Allowed\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'collecting metrics failed');
        response
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end('Internal Server Error\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => app.log.error({ err: error }, 'metrics server failed'));
  ownPortRegistries.add(registry);
  const { port } = server.address() as AddressInfo;
  app.log.info({ port }, 'metrics listening on their own port');
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A scraper's keep-alive connection would otherwise hold the close open.
        server.closeIdleConnections();
      }),
  };
}
