// GET /api/docs: the aggregated OpenAPI document of the public API.
import type { FastifyInstance } from 'fastify';
import type { Upstreams } from '../upstreams/upstreams.js';
import { createOpenApiAggregator } from './aggregate.js';

export function registerApiDocs(app: FastifyInstance, upstreams: Upstreams, cacheMs: number): void {
  const aggregator = createOpenApiAggregator(upstreams, cacheMs);
  app.get('/api/docs', async (request) => aggregator.document(request.id));
}
