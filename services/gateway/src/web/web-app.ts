// Serves the built web app (optional): its files as they are, and index.html for any other GET
// path outside the API so client-side routes survive a reload.

import { problems } from '@emporium/platform';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const NOT_THE_WEB_APP = /^\/(api|graphql|graphiql|internal|health|metrics)(\/|$|\?)/;

export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    // The web build writes .br/.gz beside each asset (apps/web/scripts/precompress.mjs).
    preCompressed: true,
    // Vite fingerprints everything under assets/, so those may be cached for good.
    setHeaders: (reply, path) => {
      if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/*', async (request, reply) => {
    if (NOT_THE_WEB_APP.test(request.url)) throw problems.notFound(`Route ${request.url.split('?')[0]}`);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
