import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricsServer, serveMetricsOnOwnPort } from '../src/http/metrics.js';
import { baseServiceConfig, createService, loadConfig, type ServiceApp } from '../src/index.js';

describe('METRICS_PORT', () => {
  const schema = Type.Object(baseServiceConfig);

  it('is unset by default and read as a port when given', () => {
    expect(loadConfig(schema, {}).METRICS_PORT).toBeUndefined();
    expect(loadConfig(schema, { METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(() => loadConfig(schema, { METRICS_PORT: '0' })).toThrow(/METRICS_PORT is malformed/);
  });
});

describe('metrics on their own port', () => {
  let app: ServiceApp;
  let other: ServiceApp;
  let metrics: MetricsServer;
  let metricsUrl: string;

  beforeAll(async () => {
    app = await createService({ name: 'metrics-port-test', logLevel: 'silent' });
    app.get('/widgets', async () => ({ widgets: [] }));
    await app.ready();
    // A second app in the same process keeps /metrics on its service port.
    other = await createService({ name: 'metrics-port-other', logLevel: 'silent' });
    await other.ready();
    metrics = await serveMetricsOnOwnPort(app, { port: 0, host: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${metrics.port}`;
  });
  afterAll(async () => {
    await metrics?.close();
    await app?.close();
    await other?.close();
  });

  it('serves the Prometheus text on its own port', async () => {
    expect((await app.inject({ method: 'GET', url: '/widgets' })).statusCode).toBe(200);
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(app.metrics.contentType);
    const text = await res.text();
    expect(text).toMatch(/^http_requests_total\{.*route="\/widgets".*\} 1$/m);
  });

  it('answers 404 on the service port, as for any unknown path', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().type).toMatch(/route-not-found/);
    expect(res.body).not.toMatch(/http_requests_total/);
  });

  it('answers nothing else on the metrics port', async () => {
    expect((await fetch(`${metricsUrl}/widgets`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('leaves other apps alone', async () => {
    const res = await other.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_requests_total/);
  });
});
