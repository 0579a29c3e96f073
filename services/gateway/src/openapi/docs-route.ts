// The public API's reference: GET /api/docs.json is always the aggregated OpenAPI document;
// GET /api/docs is the same JSON for API clients and the browsable page for a browser asking for
// HTML; the page's files are under /api/docs/assets/.
import { problems } from '@emporium/platform';
import type { FastifyInstance } from 'fastify';
import type { Upstreams } from '../upstreams/upstreams.js';
import { createOpenApiAggregator } from './aggregate.js';
import { DOCS_ASSETS_PATH, DOCS_JSON_PATH, loadDocsPage, prefersHtml } from './docs-page.js';

export async function registerApiDocs(
  app: FastifyInstance,
  upstreams: Upstreams,
  cacheMs: number,
): Promise<void> {
  const aggregator = createOpenApiAggregator(upstreams, cacheMs);
  // Read on first use: most gateways never serve the page, and start-up stays free of file reads.
  let page: ReturnType<typeof loadDocsPage> | undefined;
  const docsPage = () => {
    page ??= loadDocsPage();
    return page;
  };

  app.get(DOCS_JSON_PATH, async (request) => aggregator.document(request.id));

  app.get('/api/docs', async (request, reply) => {
    reply.header('vary', 'Accept');
    if (prefersHtml(request.headers.accept)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send((await docsPage()).html);
    }
    return aggregator.document(request.id);
  });

  app.get<{ Params: { file: string } }>(`${DOCS_ASSETS_PATH}/:file`, async (request, reply) => {
    const asset = (await docsPage()).assets.get(request.params.file);
    if (!asset) throw problems.notFound(`API reference file ${request.params.file}`);
    // Files change only with the gateway's version; an hour keeps reloads cheap without pinning them.
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });
}
