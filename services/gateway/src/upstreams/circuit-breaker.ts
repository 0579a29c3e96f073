// Per-upstream circuit breaker. Closed: calls pass and consecutive failures are counted. Open: calls
// fail fast until the open period ends. Half-open: one probe call passes; its success closes the
// circuit, its failure opens it again. A probe that never reports (client gone) expires so the
// breaker cannot stay stuck half-open.

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Whether an upstream's answer counts against its circuit. A 503 with Retry-After is a service
 * shedding work it chose not to take (the order service's checkout admission): it is answering,
 * and an open circuit would turn away every route of it, not only the surplus.
 */
export function isUpstreamFailure(statusCode: number, retryAfter: unknown): boolean {
  return statusCode >= 500 && !(statusCode === 503 && retryAfter !== undefined);
}

export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

export interface CircuitBreaker {
  /** True if a call may go out now; in half-open only the single probe gets true. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  readonly state: CircuitState;
  /** Milliseconds until an open circuit lets a probe through (0 when not open). */
  retryAfterMs(): number;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probeStartedAt: number | undefined;

  const moveTo = (next: CircuitState) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next);
  };
  const open = () => {
    openedAt = now();
    probeStartedAt = undefined;
    moveTo('open');
  };

  return {
    get state() {
      if (state === 'open' && now() - openedAt >= options.openMs) return 'half-open';
      return state;
    },
    tryAcquire() {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (now() - openedAt < options.openMs) return false;
        moveTo('half-open');
      }
      const probeExpired = probeStartedAt !== undefined && now() - probeStartedAt >= options.openMs;
      if (probeStartedAt !== undefined && !probeExpired) return false;
      probeStartedAt = now();
      return true;
    },
    recordSuccess() {
      failures = 0;
      probeStartedAt = undefined;
      moveTo('closed');
    },
    recordFailure() {
      if (state === 'half-open') return open();
      failures += 1;
      if (state === 'closed' && failures >= options.failureThreshold) open();
    },
    retryAfterMs() {
      if (state !== 'open') return 0;
      return Math.max(0, options.openMs - (now() - openedAt));
    },
  };
}
