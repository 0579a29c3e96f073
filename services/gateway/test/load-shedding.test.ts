import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLoopPressure } from '../src/limits/event-loop-pressure.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Busy on purpose: this is the lag a CPU-starved gateway would show.
  }
}

describe('load shedding', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { MAX_EVENT_LOOP_DELAY_MS: '50', LOAD_SAMPLE_INTERVAL_MS: '500' },
    });
  });
  afterAll(() => gateway.close());

  it('answers 503 with Retry-After while the event loop lags, and serves again once it recovers', async () => {
    const isUnderPressure = () => gateway.app.isUnderPressure();
    await waitFor(async () => {
      blockEventLoop(400);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return isUnderPressure();
    });
    const shed = await gateway.app.inject({ method: 'GET', url: '/api/v1/products' });
    const probe = await gateway.app.inject({ method: 'GET', url: '/health/live' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('2');
    expect(shed.json().type).toBe('https://emporium.dev/problems/overloaded');
    expect(probe.statusCode).toBe(200);

    await waitFor(() => !isUnderPressure());
    expect((await gateway.app.inject({ method: 'GET', url: '/api/v1/products' })).statusCode).toBe(200);
  });
});

describe('event-loop pressure', () => {
  const pressure = () => new EventLoopPressure({ maxDelayMs: 100, sampleIntervalMs: 1_000, intervals: 2 });

  it('does not count one stall that is already over as overload', () => {
    const judged = pressure();
    judged.record(5);
    judged.record(1_500);
    expect(judged.overloaded).toBe(false);
    judged.record(4);
    expect(judged.overloaded).toBe(false);
  });

  it('is overloaded once the lag lasts every interval of the window, and recovers with one quiet one', () => {
    const judged = pressure();
    judged.record(Number.POSITIVE_INFINITY);
    expect(judged.overloaded).toBe(false);
    judged.record(250);
    expect(judged.overloaded).toBe(true);
    judged.record(300);
    expect(judged.overloaded).toBe(true);
    judged.record(20);
    expect(judged.overloaded).toBe(false);
  });
});
