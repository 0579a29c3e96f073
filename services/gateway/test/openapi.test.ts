import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const operation = (summary: string) => ({ summary, responses: { 200: { description: 'OK' } } });

describe('aggregated OpenAPI document at /api/docs', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      routes: {
        product: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/products': { get: operation('Browse products') },
              '/products/{slug}': { get: operation('Product detail') },
              '/admin/products': { post: operation('Create a product') },
              '/internal/variants': { get: operation('Variants by SKU') },
              '/internal/reservations/{reservationId}': { put: operation('Reserve') },
            },
            components: { schemas: { Money: { type: 'object' }, CategoryNode: { type: 'object' } } },
          }));
        },
        order: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/orders': {
                get: { ...operation('My orders'), security: [{ bearerAuth: [] }] },
                post: operation('Place an order'),
              },
            },
          }));
        },
        user: (app) => {
          app.get('/openapi.json', async () => ({
            openapi: '3.1.0',
            paths: {
              '/users/me': { get: operation('My profile') },
              '/users/{id}': { get: operation('Anyone') },
            },
            components: { schemas: { Money: { type: 'object' } } },
          }));
        },
      },
    });
    await gateway.stubs.payment.stop();
  });
  afterAll(() => gateway.close());

  it('lists the public paths of every service under /api/v1 and nothing internal', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/admin/products',
      '/api/v1/orders',
      '/api/v1/products',
      '/api/v1/products/{slug}',
      '/api/v1/users/me',
    ]);
    expect(doc.paths['/api/v1/products'].get).toMatchObject({
      summary: 'Browse products',
      tags: ['product'],
    });
    expect(doc.components.schemas.Money).toEqual({ type: 'object' });
    expect(doc.components.schemas.CategoryNode).toBeDefined();
  });

  it("marks each operation with the gateway's access rule", async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    expect(doc.paths['/api/v1/products'].get.security).toBeUndefined();
    expect(doc.paths['/api/v1/products'].get['x-access']).toBe('public');
    expect(doc.paths['/api/v1/users/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/admin/products'].post['x-access']).toBe('admin');
    // A public route's operation keeps the security its service declares.
    expect(doc.paths['/api/v1/orders'].post.security).toBeUndefined();
    expect(doc.paths['/api/v1/orders'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/orders'].get['x-access']).toBe('public');
  });

  it('adds the refusals of the gateway itself as problems: 401/403 only behind a token', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses('/api/v1/products', 'get')).toEqual(['200', '429', '502', '503', '504']);
    expect(statuses('/api/v1/users/me', 'get')).toEqual(['200', '401', '403', '429', '502', '503', '504']);
    expect(statuses('/api/v1/admin/products', 'post')).toEqual([
      '200',
      '401',
      '403',
      '429',
      '502',
      '503',
      '504',
    ]);
    expect(doc.paths['/api/v1/products'].get.responses['429']).toMatchObject({
      content: { 'application/problem+json': { schema: { required: ['type', 'title', 'status'] } } },
    });
    // A service's own description of a status is kept.
    expect(doc.paths['/api/v1/products'].get.responses['200']).toEqual({ description: 'OK' });
  });

  it('says which services could not be asked instead of failing', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.json()['x-unavailable-services']).toEqual(['payment']);
  });

  it('fetches each service document once and reuses it', async () => {
    await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    await gateway.app.inject({ method: 'GET', url: '/api/docs' });
    expect(gateway.stubs.product.calls.filter((call) => call.url === '/openapi.json')).toHaveLength(1);
  });

  it('serves the same JSON at /api/docs.json, and to clients that do not ask for HTML', async () => {
    const stable = await gateway.app.inject({ method: 'GET', url: '/api/docs.json' });
    expect(stable.headers['content-type']).toContain('application/json');
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const res = await gateway.app.inject({
        method: 'GET',
        url: '/api/docs',
        headers: accept ? { accept } : {},
      });
      expect(res.headers['content-type'], String(accept)).toContain('application/json');
      expect(res.json(), String(accept)).toEqual(stable.json());
      expect(res.headers.vary).toContain('Accept');
    }
  });

  it('shows a browser the API reference page, with every file it loads served by the gateway', async () => {
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/docs',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    // Nothing inline (the CSP allows scripts from this origin only) and nothing from another host.
    expect(res.body).not.toMatch(/<script>(?!<)/);
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const files = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(files).toEqual(
      expect.arrayContaining(['/api/docs/assets/swagger-ui-bundle.js', '/api/docs/assets/start.js']),
    );
    for (const file of files.filter((path) => path.startsWith('/api/docs/assets/'))) {
      const asset = await gateway.app.inject({ method: 'GET', url: file });
      expect(asset.statusCode, file).toBe(200);
      expect(asset.body.length, file).toBeGreaterThan(0);
    }
    const start = await gateway.app.inject({ method: 'GET', url: '/api/docs/assets/start.js' });
    expect(start.body).toContain("url: '/api/docs.json'");
    const missing = await gateway.app.inject({ method: 'GET', url: '/api/docs/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
