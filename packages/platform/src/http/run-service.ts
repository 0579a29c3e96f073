// main.ts's last step: listen, then on SIGTERM/SIGINT stop taking work, let clients drop their
// connections (drain-connections.ts), close the server, then close resources.
import type { FastifyInstance } from 'fastify';
import { shutdownAllTracing } from '../tracing/tracing.js';
import { drainConnections } from './drain-connections.js';
import { type MetricsServer, serveMetricsOnOwnPort } from './metrics.js';

export interface RunOptions {
  port: number;
  host: string;
  /** Serve /metrics on this port (same host) and not on `port`. Unset: /metrics stays on `port`. */
  metricsPort?: number;
  /** Closes what main.ts opened (pools, brokers, timers), after in-flight requests finish. */
  onShutdown?: () => Promise<void>;
  /** Grace period before a forced exit if draining hangs. */
  shutdownTimeoutMs?: number;
  /** How long clients get to close their kept-alive connections before the server closes. */
  connectionDrainMs?: number;
}

export async function runService(app: FastifyInstance, options: RunOptions): Promise<void> {
  let stopping = false;
  let metricsServer: MetricsServer | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'draining');
    const force = setTimeout(() => {
      app.log.error('drain timed out; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 15_000);
    force.unref();
    try {
      const left = await drainConnections(app, { windowMs: options.connectionDrainMs ?? 6_000 });
      if (left > 0) app.log.warn({ connections: left }, 'connections still open after the drain window');
      await app.close();
      await metricsServer?.close();
      await options.onShutdown?.();
      // After onShutdown: event consumers stopped there may have ended spans since app.close().
      await shutdownAllTracing();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  if (options.metricsPort !== undefined) {
    if (options.metricsPort !== 0 && options.metricsPort === options.port) {
      throw new Error(`METRICS_PORT ${options.metricsPort} must differ from the service port`);
    }
    metricsServer = await serveMetricsOnOwnPort(app, { port: options.metricsPort, host: options.host });
  }
  await app.listen({ port: options.port, host: options.host });
}
