// Helper servers for bench/gateway.ts, each run in its own process:
//   tsx bench/gateway-fixtures.ts constant PORT            a Fastify route answering constant JSON
//   tsx bench/gateway-fixtures.ts bare-proxy PORT UPSTREAM a bare Fastify + @fastify/http-proxy (undici) hop
import httpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const [kind, port, upstream] = process.argv.slice(2);
const app = Fastify({ logger: false });

if (kind === 'constant') {
  const body = {
    id: 'p-1',
    slug: 'oak-lamp',
    title: 'Oak lamp',
    description: 'A lamp of solid oak.',
    variants: [{ sku: 'OAK-1', title: 'Default', price: { amount: 4900, currency: 'EUR' }, available: 12 }],
  };
  app.get('/products/:slug', async () => body);
} else if (kind === 'bare-proxy' && upstream) {
  await app.register(httpProxy, { upstream, prefix: '/api/v1/products', rewritePrefix: '/products' });
} else {
  throw new Error('usage: gateway-fixtures.ts constant PORT | bare-proxy PORT UPSTREAM');
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
