// Turns uploaded bytes into a stored image: checks they are an image within the limits, renders
// the renditions once and stores them under the bytes' content hash. The same bytes uploaded
// again (or at the same time, here or on another replica) store nothing new: a manifest written
// after every rendition marks a complete image, and every key is written at most once.
import { createHash } from 'node:crypto';
import type { RenditionName } from '@emporium/contracts/product';
import { HttpProblem, problems } from '@emporium/platform';
import { sniffImageType } from './image-type.js';
import type { MediaStore } from './media-store.js';
import { type FallbackFormat, imageSize, renderRenditions, type Size } from './renditions.js';

/** An image as the catalog keeps it: what its URLs are built from. */
export interface StoredImage {
  /** Hex SHA-256 prefix of the uploaded bytes (128 bits: collisions are not a concern). */
  id: string;
  fallback: FallbackFormat;
  renditions: Record<RenditionName, Size>;
}

export interface MediaLimits {
  maxBytes: number;
  maxPixels: number;
}

const MANIFEST = 'manifest.json';

export function imageTooLarge(detail: string): HttpProblem {
  return new HttpProblem(413, 'image-too-large', 'Image too large', detail);
}

const notAnImage = (message: string) => problems.validation([{ field: 'file', message }]);

export function createMediaLibrary(store: MediaStore, limits: MediaLimits) {
  // Identical uploads in this process share one render; other replicas are kept apart by the
  // store's write-once keys.
  const rendering = new Map<string, Promise<StoredImage>>();

  async function storedManifest(id: string): Promise<StoredImage | undefined> {
    const manifest = await store.get(`${id}/${MANIFEST}`);
    if (!manifest) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of manifest.body) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoredImage;
  }

  async function render(id: string, bytes: Buffer): Promise<StoredImage> {
    const existing = await storedManifest(id);
    if (existing) return existing;
    let size: Size;
    try {
      size = await imageSize(bytes);
    } catch {
      throw notAnImage('is not a readable image (its contents are damaged or truncated)');
    }
    if (size.width * size.height > limits.maxPixels) {
      throw imageTooLarge(
        `The image is ${size.width}×${size.height} pixels; at most ${limits.maxPixels} pixels are accepted.`,
      );
    }
    let rendered: Awaited<ReturnType<typeof renderRenditions>>;
    try {
      rendered = await renderRenditions(bytes, limits.maxPixels);
    } catch {
      throw notAnImage('could not be decoded as an image');
    }
    await Promise.all(
      rendered.files.map((file) => store.putIfAbsent(`${id}/${file.name}`, file.bytes, file.contentType)),
    );
    const image: StoredImage = { id, fallback: rendered.fallback, renditions: rendered.renditions };
    await store.putIfAbsent(`${id}/${MANIFEST}`, Buffer.from(JSON.stringify(image)), 'application/json');
    // Another writer's manifest, if it won, describes the same bytes rendered the same way.
    return image;
  }

  return {
    limits,
    store,

    /** Stores an uploaded image (or finds it stored); 400 when the bytes are not an image, 413 when too large. */
    async ingest(bytes: Buffer): Promise<StoredImage> {
      if (bytes.length > limits.maxBytes) {
        throw imageTooLarge(`The file is ${bytes.length} bytes; at most ${limits.maxBytes} are accepted.`);
      }
      if (bytes.length === 0) throw notAnImage('is empty');
      if (!sniffImageType(bytes)) throw notAnImage('is not a JPEG, PNG, GIF, WebP or AVIF image');
      const id = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
      let pending = rendering.get(id);
      if (!pending) {
        pending = render(id, bytes).finally(() => rendering.delete(id));
        rendering.set(id, pending);
      }
      return pending;
    },
  };
}

export type MediaLibrary = ReturnType<typeof createMediaLibrary>;
