import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('resilience toward the services', () => {
  let gateway: TestGateway;
  let ordersFailing = true;
  let resetsLeft = 0;

  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { BREAKER_FAILURE_THRESHOLD: '3', BREAKER_OPEN_MS: '300', UPSTREAM_TIMEOUT_MS: '300' },
      routes: {
        order: (app) => {
          app.get('/orders/fragile', async (_request, reply) =>
            ordersFailing ? reply.status(500).send({ error: 'db down' }) : { ok: true },
          );
          // Load shed by the service itself, as the order service's checkout admission does.
          app.get('/orders/busy', async (_request, reply) =>
            reply
              .status(503)
              .header('retry-after', '2')
              .type('application/problem+json')
              .send({ type: 'https://emporium.dev/problems/checkout-busy', status: 503 }),
          );
        },
        user: (app) => {
          app.get('/users/me/slow', async () => {
            await sleep(2000);
            return { late: true };
          });
        },
        payment: (app) => {
          // Drops the connection without answering, like a service restarting mid-request.
          app.all('/payments/reset', async (request, reply) => {
            if (resetsLeft > 0) {
              resetsLeft -= 1;
              request.raw.socket.destroy();
              return reply;
            }
            return { method: request.method, ok: true };
          });
        },
      },
    });
  });
  afterAll(() => gateway.close());

  it('turns a stopped service into fast 503s and recovers when it returns, without a restart', async () => {
    const read = () => gateway.app.inject({ method: 'GET', url: '/api/v1/products/oak-lamp' });
    expect((await read()).statusCode).toBe(200);

    await gateway.stubs.product.stop();
    const down = [];
    for (let i = 0; i < 5; i++) down.push(await read());
    for (const res of down) {
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ type: 'https://emporium.dev/problems/upstream-unavailable' });
    }
    // Once the circuit is open the gateway says so and when to come back.
    expect(down.at(-1)!.json().circuit).toBe('open');
    expect(Number(down.at(-1)!.headers['retry-after'])).toBeGreaterThan(0);

    await gateway.stubs.product.start();
    await waitFor(async () => (await read()).statusCode === 200, 5000);
    expect((await read()).json()).toMatchObject({ service: 'product', url: '/products/oak-lamp' });
  });

  it('stops calling a failing service while its circuit is open, and probes it again later', async () => {
    const auth = await gateway.customer();
    const call = () => gateway.app.inject({ method: 'GET', url: '/api/v1/orders/fragile', headers: auth });
    for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(500);
    const callsWhenOpened = gateway.stubs.order.calls.length;
    const fastFail = await call();
    expect(fastFail.statusCode).toBe(503);
    expect(fastFail.json().circuit).toBe('open');
    expect(gateway.stubs.order.calls.length).toBe(callsWhenOpened);

    ordersFailing = false;
    await waitFor(async () => (await call()).statusCode === 200, 5000);
    expect(gateway.stubs.order.calls.length).toBeGreaterThan(callsWhenOpened);
  });

  it("relays a service's own load shedding (503 with Retry-After) without opening its circuit", async () => {
    const auth = await gateway.customer();
    const callsBefore = gateway.stubs.order.calls.length;
    for (let i = 0; i < 5; i++) {
      const busy = await gateway.app.inject({ method: 'GET', url: '/api/v1/orders/busy', headers: auth });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('2');
      expect(busy.json()).toMatchObject({ type: 'https://emporium.dev/problems/checkout-busy' });
    }
    // Past the threshold of 3, every call still reached the service.
    expect(gateway.stubs.order.calls.length).toBe(callsBefore + 5);
  });

  it('answers 504 problem+json when a service does not answer within its timeout', async () => {
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/users/me/slow',
      headers: await gateway.customer(),
    });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({
      type: 'https://emporium.dev/problems/upstream-timeout',
      upstream: 'user',
    });
  });

  it('retries a read once when the connection drops, but never a write', async () => {
    const auth = await gateway.customer();
    resetsLeft = 1;
    const read = await gateway.app.inject({ method: 'GET', url: '/api/v1/payments/reset', headers: auth });
    expect(read.statusCode).toBe(200);
    expect(resetsLeft).toBe(0);

    resetsLeft = 1;
    const before = gateway.stubs.payment.calls.length;
    const write = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/payments/reset',
      headers: auth,
      payload: { amount: 100 },
    });
    expect(write.statusCode).toBe(502);
    expect(write.json().type).toBe('https://emporium.dev/problems/bad-gateway');
    expect(gateway.stubs.payment.calls.length).toBe(before + 1);
  });
});
