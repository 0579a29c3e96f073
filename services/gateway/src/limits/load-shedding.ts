// Sheds load with a fast 503 while the event loop stays saturated, so an overloaded gateway
// answers "busy" instead of letting every request time out. Probes and metrics stay reachable.
import { HttpProblem } from '@emporium/platform';
import type { FastifyInstance } from 'fastify';
import { EventLoopPressure } from './event-loop-pressure.js';

const EXEMPT = ['/health/', '/metrics'];
const RETRY_AFTER_SECONDS = 2;
/** Two intervals: one stall never sheds, lag that outlasts a whole interval after it does. */
const SATURATED_INTERVALS = 2;

declare module 'fastify' {
  interface FastifyInstance {
    isUnderPressure(): boolean;
  }
}

export function registerLoadShedding(
  app: FastifyInstance,
  options: { maxEventLoopDelayMs: number; sampleIntervalMs: number },
): void {
  const pressure = new EventLoopPressure({
    maxDelayMs: options.maxEventLoopDelayMs,
    sampleIntervalMs: options.sampleIntervalMs,
    intervals: SATURATED_INTERVALS,
  });
  pressure.start();
  app.addHook('onClose', async () => pressure.stop());
  app.decorate('isUnderPressure', () => pressure.overloaded);
  app.addHook('onRequest', (request, reply, done) => {
    if (!pressure.overloaded || EXEMPT.some((path) => request.url.startsWith(path))) {
      done();
      return;
    }
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    done(
      new HttpProblem(503, 'overloaded', 'Service unavailable', 'The gateway is overloaded; retry shortly.', {
        retryAfter: RETRY_AFTER_SECONDS,
      }),
    );
  });
}
