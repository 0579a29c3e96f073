// One connection pool and one circuit breaker per upstream service, shared by the REST proxy, the
// GraphQL resolvers and the OpenAPI aggregation, so every path to a failing service sees the same state.
import { Gauge, type Registry } from 'prom-client';
import { Pool } from 'undici';
import type { GatewayConfig } from '../config.js';
import type { UpstreamName } from '../routes/route-table.js';
import { type CircuitBreaker, type CircuitState, createCircuitBreaker } from './circuit-breaker.js';

export interface Upstream {
  name: UpstreamName;
  origin: string;
  pool: Pool;
  breaker: CircuitBreaker;
  timeoutMs: number;
}

export type Upstreams = Record<UpstreamName, Upstream>;

const stateValue: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createUpstreams(
  config: GatewayConfig,
  metrics: Registry,
  log: { warn(obj: object, msg: string): void },
): Upstreams {
  const circuit = new Gauge({
    name: 'gateway_upstream_circuit_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open',
    labelNames: ['upstream'],
    registers: [metrics],
  });
  const urls: Record<UpstreamName, string> = {
    auth: config.AUTH_URL,
    user: config.USER_URL,
    product: config.PRODUCT_URL,
    order: config.ORDER_URL,
    payment: config.PAYMENT_URL,
    notification: config.NOTIFICATION_URL,
    pricing: config.PRICING_URL,
  };
  const entries = Object.entries(urls).map(([name, url]) => {
    const origin = new URL(url).origin;
    circuit.set({ upstream: name }, 0);
    const upstream: Upstream = {
      name: name as UpstreamName,
      origin,
      // Kept-alive connections; timeouts are set per request because SSE streams need none.
      pool: new Pool(origin, { keepAliveTimeout: 10_000, connectTimeout: 2_000 }),
      breaker: createCircuitBreaker({
        failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
        openMs: config.BREAKER_OPEN_MS,
        onStateChange: (state) => {
          circuit.set({ upstream: name }, stateValue[state]);
          log.warn({ upstream: name, state }, 'upstream circuit changed state');
        },
      }),
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    };
    return [name, upstream] as const;
  });
  return Object.fromEntries(entries) as Upstreams;
}

export async function closeUpstreams(upstreams: Upstreams): Promise<void> {
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.pool.destroy()));
}
