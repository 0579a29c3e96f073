// Runs one step (or one compensation) until it answers: transient errors are retried with backoff,
// the deadline bounds the whole (a call that hangs past it counts as timed out without waiting for
// it), and between tries the driver makes sure it still owns the saga.
import { setTimeout as sleep } from 'node:timers/promises';
import { SagaLost } from './store.js';

export const TIMED_OUT = Symbol('timed out');

export interface AttemptOptions {
  sagaId: string;
  step: string;
  isTransient(error: unknown): boolean;
  /** Absolute (ms since the epoch); none: tried for as long as it takes. */
  deadline?: number;
  now(): number;
  retryDelayMs(attempt: number): number;
  /** Runs once, before the first wait for a retry (e.g. to save what is done so far). */
  beforeWaiting?(): Promise<void>;
  /** False when the saga may no longer be driven here (lost to another driver, or stopping). */
  stillOurs(): Promise<boolean>;
  onRetry?(error: unknown): void;
}

/** `work`'s answer, or TIMED_OUT if the deadline passed first (its late answer is dropped). */
async function beforeDeadline<T>(
  work: () => Promise<T>,
  deadline: number | undefined,
  now: () => number,
): Promise<T | typeof TIMED_OUT> {
  const running = work();
  if (deadline === undefined) return running;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadline - now()), TIMED_OUT);
  });
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
    // A late failure of a step given up on must not surface as an unhandled rejection.
    running.catch(() => {});
  }
}

export async function attemptUntilAnswered<T>(
  work: () => Promise<T>,
  options: AttemptOptions,
): Promise<T | typeof TIMED_OUT> {
  const { deadline, now } = options;
  for (let tries = 0; ; tries++) {
    try {
      return await beforeDeadline(work, deadline, now);
    } catch (error) {
      if (!options.isTransient(error)) throw error;
      if (deadline !== undefined && now() >= deadline) return TIMED_OUT;
      options.onRetry?.(error);
      if (tries === 0) await options.beforeWaiting?.();
      const wait = options.retryDelayMs(tries);
      await sleep(deadline === undefined ? wait : Math.max(0, Math.min(wait, deadline - now())));
      if (!(await options.stillOurs())) throw new SagaLost(options.sagaId);
    }
  }
}
