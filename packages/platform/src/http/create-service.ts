// The one way to build a service's HTTP app: logging with request ids, problem+json errors (405
// with Allow for a known path's undeclared method), request bodies validated without coercion,
// health, metrics and an OpenAPI document generated from the route schemas, refusals included.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import type { Registry } from 'prom-client';
import { databaseSafeFormats } from '../formats.js';
import { registerRequestTracing } from '../tracing/server-spans.js';
import { shutdownTracing, tracerFor } from '../tracing/tracing.js';
import { requireBoundedRequestSchemas } from './bounded-schemas.js';
import { answerClientError } from './client-errors.js';
import { deferredChildLogger } from './deferred-child-logger.js';
import { documentProblems } from './documented-problems.js';
import { type ReadinessCheck, registerHealth } from './health.js';
import { createServiceLogger } from './logger.js';
import { createMetricsRegistry, registerHttpMetrics } from './metrics.js';
import { clientErrorBody, registerProblemHandler, sendProblem } from './problem-handler.js';
import { requestIdFrom } from './request-id.js';
import { registerRouteNotFound } from './route-not-found.js';
import { refuseUnstorableValues } from './storable-values.js';
import { bodiesValidatedWithoutCoercion } from './validators.js';

export interface ServiceOptions {
  name: string;
  version?: string;
  logLevel?: string;
  /** Dependencies that must answer for /health/ready to say up. */
  readiness?: Record<string, ReadinessCheck>;
  /** Process-wide metrics (heap, event loop); off in tests that build many apps in one process. */
  processMetrics?: boolean;
  bodyLimitBytes?: number;
  /** Serve HTTPS with this PEM certificate and key (TLS 1.2 or newer). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Where log lines go; standard output unless set (tests read them). */
  logDestination?: pino.DestinationStream;
  /** The service runtime's logger (openServiceRuntime); replaces logLevel and logDestination. */
  logger?: pino.Logger;
  /** The service runtime's registry, which its outbox and workers report into already. */
  metrics?: Registry;
}

/**
 * Every service's buildApp has one shape:
 *
 *   buildApp(deps: <Service>AppDeps): Promise<{ app: ServiceApp; ...parts }>
 *
 * `deps` are the adapters the service runtime opened (db, outbox, cache, …) and the service's
 * settings, plus AppHostOptions: the runtime's `host` (logger, metrics, readiness) when started
 * by the service, a logLevel when a test builds the app over adapters of its own. The result is
 * the app and whatever parts the start function or tests drive (workers, the search index, …).
 * buildApp does no I/O: it only wires what is already open.
 */
export type AppHostOptions = Pick<
  ServiceOptions,
  'logLevel' | 'logger' | 'metrics' | 'readiness' | 'processMetrics'
>;

/** The createService options of a buildApp's deps (see AppHostOptions). */
export function hostOptions(name: string, deps: AppHostOptions): ServiceOptions {
  const { logLevel, logger, metrics, readiness, processMetrics } = deps;
  return { name, logLevel, logger, metrics, readiness, processMetrics };
}

export type ServiceApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
    /**
     * Marks the service as draining: readiness answers 503 so load balancers stop sending, and
     * every answer carries `Connection: close` so clients drop their kept-alive connections
     * (see drain-connections.ts).
     */
    startDraining(): void;
  }
}

export async function createService(options: ServiceOptions): Promise<ServiceApp> {
  const logger =
    options.logger ?? createServiceLogger(options.name, options.logLevel ?? 'info', options.logDestination);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Most requests log nothing: their child logger is built when they first do.
    childLoggerFactory: deferredChildLogger,
    genReqId: requestIdFrom,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false },
      // After ajv-formats has added its own, which these replace (see formats.ts).
      onCreate: (ajv: { addFormat(name: string, check: (value: string) => boolean): unknown }) => {
        for (const [name, check] of Object.entries(databaseSafeFormats)) ajv.addFormat(name, check);
      },
    },
    // Both validators (text parts with coercion, bodies without) get the formats above.
    schemaController: bodiesValidatedWithoutCoercion(),
    // Requests still arriving on an open connection once closing starts are served, not refused:
    // a proxy cannot retry a POST it already streamed (see drain-connections.ts).
    return503OnClosing: false,
    // Above every path parameter's own maxLength (slugs take 120), so the router's 414 is only for
    // what no schema would accept; the schema names the field otherwise.
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (an undecodable URL, an over-long path parameter) as problems too.
    frameworkErrors: (error, _request, reply) =>
      sendProblem(reply, clientErrorBody(error, error.statusCode ?? 400)),
    clientErrorHandler: answerClientError,
    ...(options.tls ? { https: { ...options.tls, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  // Callback-style hooks: an async one costs a promise and a microtask turn on every request.
  let draining = false;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (draining) reply.header('connection', 'close');
    done();
  });
  // Only when OTEL_EXPORTER_OTLP_ENDPOINT is set: untraced services add no hooks at all.
  const tracer = tracerFor(options.name);
  if (tracer) {
    registerRequestTracing(app, tracer);
    // Flushes the spans still batched once the last request has finished.
    app.addHook('onClose', (_instance, done) => {
      shutdownTracing(options.name).then(() => done(), done);
    });
  }

  app.decorate('startDraining', () => {
    draining = true;
  });
  const registry = options.metrics ?? createMetricsRegistry(options.name, options.processMetrics ?? false);
  app.decorate('metrics', registry);

  registerProblemHandler(app);
  registerRouteNotFound(app);
  refuseUnstorableValues(app);
  requireBoundedRequestSchemas(app);
  // Awaited so its onRoute hook sees every route the service adds afterwards.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `Emporium ${options.name} service`, version: options.version ?? '0.1.0' },
      // What operations that need a signed-in caller name in their `security`.
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: documentProblems,
  });
  registerHealth(app, options.readiness ?? {}, () => draining);
  registerHttpMetrics(app, registry);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
