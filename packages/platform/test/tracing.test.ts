import type { AddressInfo } from 'node:net';
import { Type } from '@sinclair/typebox';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  createInProcessBus,
  createService,
  type ServiceApp,
  startCallSpan,
} from '../src/index.js';
import { type OtlpReceiver, startOtlpReceiver } from '../src/testing/index.js';

const schemas = { 'order.placed': Type.Object({ orderId: Type.String() }) };

/** A catalog that answers items, and a shop that asks it, then publishes an event. */
async function startTwoServices() {
  const catalog = await createService({ name: 'trace-catalog', logLevel: 'silent' });
  catalog.get('/items/:id', async (req) => ({ id: (req.params as { id: string }).id }));
  catalog.get('/broken', async (_req, reply) => reply.status(503).send({ down: true }));
  await catalog.listen({ port: 0, host: '127.0.0.1' });
  const catalogUrl = `http://127.0.0.1:${(catalog.server.address() as AddressInfo).port}`;

  const handled: { traceparent?: string }[] = [];
  const bus = createInProcessBus({ schemas });
  await bus.subscribe({
    consumer: 'trace-catalog',
    eventTypes: ['order.*'],
    handle: async (event) => {
      handled.push({ traceparent: event.traceparent });
    },
  });

  const shop = await createService({ name: 'trace-shop', logLevel: 'silent' });
  shop.post('/orders/:id', async (req) => {
    const url = `${catalogUrl}/items/${(req.params as { id: string }).id}`;
    const headers: Record<string, string> = {};
    const span = startCallSpan('GET', url, headers);
    const answer = await request(url, { headers });
    span?.end({ statusCode: answer.statusCode });
    const item = await answer.body.json();
    await bus.publish([createEnvelope('/services/shop', { type: 'order.placed', data: { orderId: 'o1' } })]);
    return { item, sentTraceparent: headers.traceparent ?? null };
  });
  await shop.ready();
  return { catalog, shop, catalogUrl, handled };
}

async function closeAll(...apps: ServiceApp[]) {
  for (const app of apps) await app.close();
}

describe('tracing', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await receiver.close();
  });

  it('sends nothing and adds no trace context when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const { catalog, shop, handled } = await startTwoServices();
    const res = await shop.inject({ method: 'POST', url: '/orders/i1' });
    expect(res.statusCode).toBe(200);
    expect(res.json().sentTraceparent).toBeNull();
    expect(handled).toEqual([{ traceparent: undefined }]);
    await closeAll(shop, catalog);
    expect(receiver.posts).toBe(0);
  });

  it('exports one trace across two services and an event, each span under its caller', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    const { catalog, shop, catalogUrl, handled } = await startTwoServices();
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';

    const res = await shop.inject({
      method: 'POST',
      url: '/orders/i1',
      headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` },
    });
    expect(res.statusCode).toBe(200);
    const broken = await request(`${catalogUrl}/broken`);
    await broken.body.dump();
    await closeAll(shop, catalog);

    const named = receiver.only;
    const shopServer = named('trace-shop', 'POST /orders/:id');
    const shopClient = named('trace-shop', 'GET');
    const catalogServer = named('trace-catalog', 'GET /items/:id');
    const consumer = named('trace-catalog', 'order.placed process');

    for (const span of [shopServer, shopClient, catalogServer, consumer]) {
      expect(span.traceId).toBe(callerTrace);
    }
    expect(shopServer.parentSpanId).toBe(callerSpan);
    expect(shopClient.parentSpanId).toBe(shopServer.spanId);
    expect(catalogServer.parentSpanId).toBe(shopClient.spanId);
    expect(res.json().sentTraceparent).toBe(`00-${callerTrace}-${shopClient.spanId}-01`);
    // The event carries the producer's span (the request) and its consumer continues from it.
    expect(handled).toEqual([{ traceparent: `00-${callerTrace}-${shopServer.spanId}-01` }]);
    expect(consumer.parentSpanId).toBe(shopServer.spanId);

    const brokenSpan = named('trace-catalog', 'GET /broken');
    expect(brokenSpan.traceId).not.toBe(callerTrace);
    expect(brokenSpan.parentSpanId ?? '').toBe('');
    expect(brokenSpan.status?.code).toBe(2); // ERROR: a 5xx answer
    expect(shopServer.status?.code ?? 0).not.toBe(2);
  });
});
