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
  // Marked shareable as the product service marks catalog reads, so the gateway's edge cache can
  // keep it; a client's `Cache-Control: no-cache` makes every request cross the hop.
  app.get('/products/:slug', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=0, s-maxage=5');
    return body;
  });
} else if (kind === 'bare-proxy' && upstream) {
  await app.register(httpProxy, { upstream, prefix: '/api/v1/products', rewritePrefix: '/products' });
} else {
  throw new Error('usage: gateway-fixtures.ts constant PORT | bare-proxy PORT UPSTREAM');
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
