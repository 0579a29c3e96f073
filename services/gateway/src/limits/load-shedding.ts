// Sheds load with a fast 503 while the event loop lags, so a saturated gateway answers "busy"
// instead of letting every request time out. Probes and metrics stay reachable meanwhile.
import { HttpProblem } from '@emporium/platform';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';

const EXEMPT = ['/health/', '/metrics'];
const RETRY_AFTER_SECONDS = 2;

export async function registerLoadShedding(
  app: FastifyInstance,
  options: { maxEventLoopDelayMs: number; sampleIntervalMs: number },
): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: options.sampleIntervalMs,
    pressureHandler: async (request, reply) => {
      if (EXEMPT.some((path) => request.url.startsWith(path))) return;
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new HttpProblem(
        503,
        'overloaded',
        'Service unavailable',
        'The gateway is overloaded; retry shortly.',
        { retryAfter: RETRY_AFTER_SECONDS },
      );
    },
  });
}
