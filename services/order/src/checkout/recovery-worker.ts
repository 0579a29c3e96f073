// Periodically takes over checkout sagas whose driver died (lease expired) and drives them to an
// end: completed or compensated. Every replica runs one; SKIP LOCKED keeps them from colliding.
import type { FastifyBaseLogger } from 'fastify';
import type { SagaRunner } from './saga-runner.js';

export function startRecoveryWorker(runner: SagaRunner, intervalMs: number, log: FastifyBaseLogger) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      const claimed = await runner.recoverAbandoned();
      if (claimed > 0) log.info({ claimed }, 'resuming abandoned checkout sagas');
    } catch (error) {
      log.warn({ err: error }, 'saga recovery failed; retrying');
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
