import { Type } from '@sinclair/typebox';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { drainConnections } from '../src/http/drain-connections.js';
import { createService, type ServiceApp } from '../src/index.js';

// A proxy's view of a pod being stopped: kept-alive connections opened before the stop, requests
// (POSTs with bodies, which a proxy cannot retry) sent on them while the service drains.
async function startOrders(): Promise<{ app: ServiceApp; origin: string }> {
  const app = await createService({ name: 'drain-test', logLevel: 'silent' });
  let placed = 0;
  app.post(
    '/orders',
    { schema: { body: Type.Object({ sku: Type.String({ maxLength: 20 }) }) } },
    async (request, reply) => reply.status(201).send({ sku: request.body.sku, number: ++placed }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { app, origin: `http://127.0.0.1:${address.port}` };
}

const post = (pool: Pool, sku: string) =>
  pool.request({
    method: 'POST',
    path: '/orders',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku }),
  });

describe('draining connections before the server closes', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('serves a POST sent on a connection that was idle when the drain began, then closes it', async () => {
    const { app, origin } = await startOrders();
    const pool = new Pool(origin, { connections: 1, keepAliveTimeout: 30_000 });
    cleanup.push(
      () => app.close(),
      () => pool.close(),
    );
    const first = await post(pool, 'warm');
    expect(first.headers.connection).not.toBe('close');
    await first.body.dump();

    const drained = drainConnections(app, { windowMs: 5_000 });
    const during = await post(pool, 'during-drain');
    expect(during.statusCode).toBe(201);
    expect(during.headers.connection).toBe('close');
    await during.body.dump();
    // The client dropped its only connection after that answer, so the drain ends before its window.
    const started = Date.now();
    expect(await drained).toBe(0);
    expect(Date.now() - started).toBeLessThan(4_000);
    await app.close();
    // Stopped: new connections are refused (a proxy may retry those), nothing half-served.
    await expect(post(pool, 'after')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers every request of continuous parallel traffic while it drains and closes', async () => {
    const { app, origin } = await startOrders();
    const pool = new Pool(origin, { connections: 8, keepAliveTimeout: 30_000 });
    cleanup.push(() => pool.close());
    let sending = true;
    const statuses: number[] = [];
    const failures: unknown[] = [];
    const shopper = async (id: number) => {
      for (let n = 0; sending; n++) {
        try {
          const answer = await post(pool, `s${id}-${n}`);
          statuses.push(answer.statusCode);
          await answer.body.dump();
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const shoppers = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(shopper));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const drained = drainConnections(app, { windowMs: 5_000 });
    // Endpoint removal: the proxy stops sending new requests here a little after the drain began.
    await new Promise((resolve) => setTimeout(resolve, 300));
    sending = false;
    await shoppers;
    expect(await drained).toBe(0);
    await app.close();

    expect(failures).toEqual([]);
    expect(statuses.length).toBeGreaterThan(8);
    expect(new Set(statuses)).toEqual(new Set([201]));
  });
});
