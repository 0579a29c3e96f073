// Serves rendered images: `GET /media/{id}/{rendition}.{ext}`. A URL names content by its hash,
// so its bytes never change: browsers and CDNs keep it for a year without asking again.
import { problems, type ServiceApp } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import type { MediaStore } from '../media/media-store.js';
import { CONTENT_TYPES } from '../media/renditions.js';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const MediaParams = Type.Object({
  id: Type.String({ pattern: '^[a-f0-9]{32}$' }),
  file: Type.String({ pattern: '^(thumbnail|card|detail|zoom)\\.(avif|webp|jpg|png)$', maxLength: 20 }),
});

export function registerMediaRoutes(app: ServiceApp, store: MediaStore): void {
  app.get(
    '/media/:id/:file',
    {
      schema: {
        summary: 'A rendered image; immutable (the URL carries the content hash)',
        params: MediaParams,
        produces: ['image/avif', 'image/webp', 'image/jpeg', 'image/png'],
      },
    },
    async (request, reply) => {
      const { id, file } = request.params;
      const etag = `"${id}-${file}"`;
      reply.header('cache-control', IMMUTABLE_CACHE_CONTROL).header('etag', etag);
      const known = request.headers['if-none-match'];
      if (known?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return reply.status(304).send();
      }
      const stored = await store.get(`${id}/${file}`);
      if (!stored) {
        // A 404 must not be cached for a year: the image may be uploaded later.
        reply.header('cache-control', 'no-store').removeHeader('etag');
        throw problems.notFound(`Image ${id}/${file}`);
      }
      const extension = file.slice(file.indexOf('.') + 1);
      return reply
        .type(CONTENT_TYPES[extension]!)
        .header('content-length', String(stored.size))
        .header('x-content-type-options', 'nosniff')
        .send(stored.body);
    },
  );
}
