import { serveMetricsOnOwnPort } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

// The public port is what the internet reaches: the gateway's metrics are not for everyone there.
describe("the gateway's /metrics", () => {
  describe('without METRICS_PORT (local runs, the embedded quick start)', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway.close());

    const metrics = (headers: Record<string, string> = {}, url = '/metrics') =>
      gateway.app.inject({ method: 'GET', url, headers });

    it('refuses an anonymous caller with 401 and a shopper with 403, telling them nothing', async () => {
      const anonymous = await metrics();
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(anonymous.body).not.toContain('http_requests_total');
      const shopper = await metrics(await gateway.customer());
      expect(shopper.statusCode).toBe(403);
      expect(shopper.body).not.toContain('http_requests_total');
      const head = await gateway.app.inject({ method: 'HEAD', url: '/metrics' });
      expect(head.statusCode).toBe(401);
      const withQuery = await metrics({}, '/metrics?format=text');
      expect(withQuery.statusCode).toBe(401);
    });

    it('serves them to an admin', async () => {
      const res = await metrics(await gateway.admin());
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('http_requests_total');
    });

    it("never proxies a service's own /metrics under the public API", async () => {
      for (const url of ['/api/v1/metrics', '/api/v1/products/../../metrics', '/api/v1/%2e%2e/metrics']) {
        const res = await metrics(await gateway.admin(), url);
        expect(res.body, url).not.toContain('http_requests_total');
      }
      for (const stub of Object.values(gateway.stubs)) {
        expect(stub.calls.map((call) => call.url.split('?')[0])).not.toContain('/metrics');
      }
    });
  });

  describe('with METRICS_PORT (Kubernetes)', () => {
    let gateway: TestGateway;
    let metricsUrl: string;
    let closeMetrics: () => Promise<void>;
    beforeAll(async () => {
      gateway = await startTestGateway({ env: { METRICS_PORT: '9464' } });
      // As runService does with METRICS_PORT, on a free port.
      const server = await serveMetricsOnOwnPort(gateway.app, { port: 0, host: '127.0.0.1' });
      metricsUrl = `http://127.0.0.1:${server.port}/metrics`;
      closeMetrics = server.close;
    });
    afterAll(async () => {
      await closeMetrics();
      await gateway.close();
    });

    it('answers 404 on the public port, even to an admin, and serves them on the metrics port', async () => {
      const onPublicPort = await gateway.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: await gateway.admin(),
      });
      expect(onPublicPort.statusCode).toBe(404);
      const scraped = await fetch(metricsUrl);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('http_requests_total');
    });
  });
});
