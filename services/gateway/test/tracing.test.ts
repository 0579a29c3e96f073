import { type OtlpReceiver, startOtlpReceiver } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('tracing through the gateway (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const caller = { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` };
  let receiver: OtlpReceiver;
  let gateway: TestGateway;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    gateway = await startTestGateway({
      routes: {
        product: (app) => {
          app.get('/products/:slug', async () => ({ slug: 'oak-lamp', title: 'Oak lamp' }));
        },
      },
    });
  });
  afterAll(async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    await receiver.close();
  });

  it("hangs proxied and GraphQL calls under the gateway's spans in the caller's trace", async () => {
    const proxied = await gateway.app.inject({ method: 'GET', url: '/api/v1/products', headers: caller });
    const viaGraphql = await gateway.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: caller,
      payload: { query: '{ product(slug: "oak-lamp") { title } }' },
    });
    expect(proxied.statusCode).toBe(200);
    expect(viaGraphql.statusCode).toBe(200);
    const productCall = gateway.stubs.product.calls.find((call) => call.url === '/products/oak-lamp');
    await gateway.close(); // flushes the gateway's spans

    const proxySpan = receiver.only('gateway', 'GET /api/v1/products');
    expect(proxySpan.traceId).toBe(callerTrace);
    expect(proxied.json().headers.traceparent).toBe(`00-${callerTrace}-${proxySpan.spanId}-01`);

    const graphqlSpan = receiver.only('gateway', 'POST /graphql');
    const clientSpan = receiver.only('gateway', 'GET');
    expect(clientSpan.traceId).toBe(callerTrace);
    expect(clientSpan.parentSpanId).toBe(graphqlSpan.spanId);
    expect(productCall?.headers.traceparent).toBe(`00-${callerTrace}-${clientSpan.spanId}-01`);
  });
});
