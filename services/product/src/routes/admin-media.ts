// Admin image upload: `POST /admin/products/{id}/media`, multipart/form-data with one `file`
// and optional `alt` and `sku` (the variant the image shows). The bytes are checked and
// rendered by the media library; the product gets the image once however often it is sent.

import { Product } from '@emporium/contracts/product';
import { HttpProblem, problems, refusals, type ServiceApp } from '@emporium/platform';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { CatalogService } from '../catalog/catalog-service.js';
import { imageTooLarge, type MediaLibrary } from '../media/media-library.js';

const ProductId = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });
const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/; // the contracts' Sku
const MAX_ALT_LENGTH = 300;

interface Upload {
  bytes: Buffer;
  alt?: string;
  sku?: string;
}

// The multipart reader's own refusals, as problems that name what was wrong.
function uploadProblem(error: unknown, maxBytes: number): unknown {
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return imageTooLarge(`The file is larger than ${maxBytes} bytes, the most accepted.`);
    case 'FST_FILES_LIMIT':
      return problems.validation([{ field: 'file', message: 'must be sent once; one image per upload' }]);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return problems.validation([{ field: 'body', message: 'has more parts than file, alt and sku' }]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return problems.badRequest('The body must be multipart/form-data.');
    default:
      return error;
  }
}

async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  let bytes: Buffer | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw problems.validation([{ field: part.fieldname, message: 'is not an allowed field' }]);
        }
        bytes = await part.toBuffer();
      } else if (part.fieldname === 'alt' || part.fieldname === 'sku') {
        fields[part.fieldname] = String(part.value);
      } else {
        throw problems.validation([{ field: part.fieldname, message: 'is not an allowed field' }]);
      }
    }
  } catch (error) {
    throw error instanceof HttpProblem ? error : uploadProblem(error, maxBytes);
  }
  if (!bytes) throw problems.validation([{ field: 'file', message: 'is required' }]);
  const alt = fields.alt?.trim();
  if (alt !== undefined && alt.length > MAX_ALT_LENGTH) {
    throw problems.validation([{ field: 'alt', message: `must be at most ${MAX_ALT_LENGTH} characters` }]);
  }
  if (fields.sku !== undefined && !SKU.test(fields.sku)) {
    throw problems.validation([{ field: 'sku', message: 'is not a SKU' }]);
  }
  return { bytes, ...(alt ? { alt } : {}), ...(fields.sku !== undefined ? { sku: fields.sku } : {}) };
}

export async function registerAdminMediaRoutes(
  app: ServiceApp,
  catalog: CatalogService,
  library: MediaLibrary,
): Promise<void> {
  const admin = app.requireRole('admin');
  const maxBytes = library.limits.maxBytes;
  // Its own scope: multipart bodies are accepted by this route only.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3, fieldSize: 4 * MAX_ALT_LENGTH },
    });
    scope.post(
      '/admin/products/:id/media',
      {
        preHandler: admin,
        schema: {
          summary:
            'Upload an image (multipart/form-data: `file`, optional `alt`, optional `sku` of the variant it shows). ' +
            'JPEG, PNG, GIF, WebP or AVIF, judged by its bytes; rendered as thumbnail, card, detail and zoom in ' +
            'AVIF, WebP and JPEG/PNG. 201 when added, 200 when the product already had it; 413 when too large.',
          consumes: ['multipart/form-data'],
          params: ProductId,
          // 409: the product carries the most images it may.
          response: { 200: Product, 201: Product, ...refusals(409) },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const upload = await readUpload(request, maxBytes);
        const product = await catalog.adminProduct(id);
        const variant = upload.sku ? product.variants.find((v) => v.sku === upload.sku) : undefined;
        if (upload.sku && !variant) {
          throw problems.validation([{ field: 'sku', message: `is not a variant of product ${id}` }]);
        }
        const stored = await library.ingest(upload.bytes);
        const alt = upload.alt ?? (variant ? `${product.title}, ${variant.title}` : product.title);
        const result = await catalog.attachImage(id, {
          ...stored,
          alt,
          ...(upload.sku ? { sku: upload.sku } : {}),
        });
        return reply.status(result.added ? 201 : 200).send(result.product);
      },
    );
  });
}
