import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Every security header either set can carry (HSTS only over TLS).
const SECURITY_HEADER_NAMES = [
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
// Helmet's document set over plain HTTP (the injected requests below).
const DOCUMENT_HEADER_NAMES = SECURITY_HEADER_NAMES.filter(
  (name) => name !== 'strict-transport-security' && name !== 'cross-origin-embedder-policy',
);

function securityHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    SECURITY_HEADER_NAMES.filter((name) => name in headers).map((name) => [name, headers[name]]),
  );
}

describe('the edge: security headers, CORS, TLS, web app and body limits', () => {
  let gateway: TestGateway;
  let webDir: string;
  let tlsDir: string;
  let httpsPort: number;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Emporium</title><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'app-3f2a.js'), 'console.log("shop")');
    tlsDir = mkdtempSync(join(tmpdir(), 'tls-'));
    execFileSync('bash', [join(repoRoot, 'scripts/dev-tls.sh'), tlsDir]);
    gateway = await startTestGateway({
      env: {
        WEB_DIST_DIR: webDir,
        BODY_LIMIT_BYTES: '1024',
        TLS_CERT_FILE: join(tlsDir, 'gateway.crt'),
        TLS_KEY_FILE: join(tlsDir, 'gateway.key'),
      },
    });
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    httpsPort = (gateway.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('sends the API set of security headers with JSON answers, and HSTS over TLS', async () => {
    const dispatcher = new Agent({ connect: { ca: readFileSync(join(tlsDir, 'gateway.crt')) } });
    try {
      // A proxied answer (the service's JSON) and the gateway's own problem answer.
      for (const path of ['/api/v1/products', '/api/v1/nothing']) {
        const res = await request(`https://localhost:${httpsPort}${path}`, { dispatcher });
        await res.body.dump();
        expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
        expect(securityHeaders(res.headers)).toEqual({
          'content-security-policy': "frame-ancestors 'none'",
          'cross-origin-resource-policy': 'same-site',
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
        });
      }
    } finally {
      await dispatcher.close();
    }
  });

  it('sends the full document set of security headers with the HTML pages of the web app', async () => {
    for (const url of ['/', '/orders/123']) {
      const res = await gateway.app.inject({ method: 'GET', url });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(Object.keys(securityHeaders(res.headers)).sort()).toEqual(DOCUMENT_HEADER_NAMES);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    // A script the page loads is not data either: it keeps the document set.
    const script = await gateway.app.inject({ method: 'GET', url: '/assets/app-3f2a.js' });
    expect(Object.keys(securityHeaders(script.headers)).sort()).toEqual(DOCUMENT_HEADER_NAMES);
  });

  it('sends no HSTS over plain HTTP, where it would announce TLS the gateway does not serve', async () => {
    const plain = await startTestGateway();
    try {
      await plain.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = plain.app.server.address() as { port: number };
      for (const path of ['/api/v1/products', '/api/v1/nothing']) {
        const res = await request(`http://127.0.0.1:${port}${path}`);
        await res.body.dump();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
    } finally {
      await plain.close();
    }
  });

  it("answers CORS preflights for the web app's origin only", async () => {
    const preflight = (origin: string) =>
      gateway.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/cart',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/products',
      headers: { origin: 'https://shop.example' },
    });
    expect(simple.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(simple.headers['access-control-expose-headers']).toContain('ratelimit-remaining');
    expect(simple.headers.vary).toContain('Origin');
    // Without an Origin the answer grants nothing, but still varies on it for shared caches.
    const sameOrigin = await gateway.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
    expect(sameOrigin.headers['access-control-allow-credentials']).toBeUndefined();
    expect(sameOrigin.headers.vary).toContain('Origin');
  });

  it('refuses an OPTIONS request that is no preflight with a problem naming the missing header', async () => {
    const noMethod = await gateway.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/cart',
      headers: { origin: 'https://shop.example' },
    });
    expect(noMethod.statusCode).toBe(400);
    expect(noMethod.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noMethod.json().detail).toContain('Access-Control-Request-Method');
    const noOrigin = await gateway.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/cart',
      headers: { 'access-control-request-method': 'POST' },
    });
    expect(noOrigin.statusCode).toBe(400);
    expect(noOrigin.json().detail).toContain('Origin');
  });

  it('serves the API over HTTPS with the configured certificate', async () => {
    const dispatcher = new Agent({ connect: { ca: readFileSync(join(tlsDir, 'gateway.crt')) } });
    try {
      const res = await request(`https://localhost:${httpsPort}/api/v1/products/oak-lamp`, { dispatcher });
      expect(res.statusCode).toBe(200);
      const body = (await res.body.json()) as { url: string; headers: Record<string, string> };
      expect(body.url).toBe('/products/oak-lamp');
      expect(body.headers['x-forwarded-proto']).toBe('https');
    } finally {
      await dispatcher.close();
    }
  });

  it('cuts off a chunked body as soon as it passes the size limit', async () => {
    const chunks = Array.from({ length: 8 }, () => Buffer.alloc(512, 'a'));
    const dispatcher = new Agent({ connect: { ca: readFileSync(join(tlsDir, 'gateway.crt')) } });
    try {
      const res = await request(`https://localhost:${httpsPort}/api/v1/cart/upload`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/octet-stream' },
        body: Readable.from(chunks),
      });
      expect(res.statusCode).toBe(413);
      expect(((await res.body.json()) as { type: string }).type).toBe(
        'https://emporium.dev/problems/payload-too-large',
      );
    } finally {
      await dispatcher.close();
    }
  });

  it('serves the web app with a fallback to index.html for client-side routes', async () => {
    const home = await gateway.app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<title>Emporium</title>');
    const deepLink = await gateway.app.inject({ method: 'GET', url: '/orders/123?tab=items' });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('<div id="root">');
    const asset = await gateway.app.inject({ method: 'GET', url: '/assets/app-3f2a.js' });
    expect(asset.body).toBe('console.log("shop")');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('keeps unknown API paths as 404 problems rather than the web app', async () => {
    for (const url of ['/api/v1/nothing', '/api/other', '/internal/variants']) {
      const res = await gateway.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});
