import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const isUnderPressure = () =>
      (gateway.app as unknown as { isUnderPressure(): boolean }).isUnderPressure();
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
