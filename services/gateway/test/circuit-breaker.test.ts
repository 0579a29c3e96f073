import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../src/upstreams/circuit-breaker.js';

function breakerWithClock() {
  let now = 0;
  const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now });
  return { breaker, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('stays closed while failures are interrupted by successes', () => {
    const { breaker } = breakerWithClock();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after consecutive failures and fails fast until the open period ends', () => {
    const { breaker, advance } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    advance(400);
    expect(breaker.retryAfterMs()).toBe(600);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through when half-open, and closes when it succeeds', () => {
    const { breaker, advance } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(1000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens again when the probe fails', () => {
    const { breaker, advance } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('does not stay stuck half-open when a probe never reports back', () => {
    const { breaker, advance } = breakerWithClock();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reports state changes', () => {
    let now = 0;
    const states: string[] = [];
    const breaker = createCircuitBreaker({
      failureThreshold: 1,
      openMs: 10,
      now: () => now,
      onStateChange: (state) => states.push(state),
    });
    breaker.recordFailure();
    now = 10;
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });
});
