// Renders an upload into every rendition (thumbnail, card, detail, zoom) in AVIF, WebP and a
// fallback every browser shows (JPEG, or PNG when the image has transparency), once, at upload.
// The upload's own bytes are never served: metadata (EXIF: camera, GPS position) is dropped by
// re-encoding, after the EXIF orientation has been applied to the pixels.
import { RENDITION_NAMES, RENDITION_WIDTHS, type RenditionName } from '@emporium/contracts/product-media';
import sharp, { type Sharp } from 'sharp';

// Every upload is rendered once: libvips' cache of recent operations would only hold memory.
sharp.cache(false);

export type FallbackFormat = 'jpeg' | 'png';
export const FILE_EXTENSIONS = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' } as const;
export type RenderedFormat = keyof typeof FILE_EXTENSIONS;

export const CONTENT_TYPES: Record<string, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  json: 'application/json',
};

export interface Size {
  width: number;
  height: number;
}

export interface RenderedFile {
  /** `<rendition>.<extension>`, e.g. `card.webp`. */
  name: string;
  bytes: Buffer;
  contentType: string;
}

export interface RenderedImage {
  fallback: FallbackFormat;
  renditions: Record<RenditionName, Size>;
  files: RenderedFile[];
}

/** Header-only look at the bytes: the pixel size after EXIF orientation. Throws when unreadable. */
export async function imageSize(bytes: Buffer): Promise<Size & { hasAlpha: boolean }> {
  const metadata = await sharp(bytes).metadata();
  const oriented = metadata.autoOrient ?? metadata;
  return { width: oriented.width, height: oriented.height, hasAlpha: metadata.hasAlpha };
}

/** Whether any pixel is see-through: an alpha channel that is fully opaque (common) is not. */
async function isTransparent(bytes: Buffer, maxPixels: number): Promise<boolean> {
  const stats = await sharp(bytes, { limitInputPixels: maxPixels }).stats();
  return !stats.isOpaque;
}

function encode(pipeline: Sharp, format: RenderedFormat): Sharp {
  switch (format) {
    // Low efforts: AVIF's default takes seconds per image; these files are a little larger, and
    // an upload (or the demo seed's few dozen) is rendered in well under a second each. Colour at
    // half resolution, as in the WebP and JPEG renditions: sharp's AVIF default keeps it full,
    // which made AVIF a fifth to a third slower to encode and its files no smaller.
    case 'avif':
      return pipeline.avif({ quality: 55, effort: 1, chromaSubsampling: '4:2:0' });
    case 'webp':
      return pipeline.webp({ quality: 80, effort: 2 });
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true });
    case 'png':
      return pipeline.png({ compressionLevel: 8 });
  }
}

export async function renderRenditions(bytes: Buffer, maxPixels: number): Promise<RenderedImage> {
  const { width, hasAlpha } = await imageSize(bytes);
  // PNG keeps transparency; an opaque image is far smaller as JPEG.
  const fallback: FallbackFormat = hasAlpha && (await isTransparent(bytes, maxPixels)) ? 'png' : 'jpeg';
  // One decode, oriented by its EXIF tag; each rendition clones it. Only the first frame of an
  // animation is kept.
  const decoded = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  // An alpha channel with no see-through pixel carries nothing: without it AVIF and WebP encode
  // three channels instead of four, about a tenth less work per upload.
  const source = hasAlpha && fallback === 'jpeg' ? decoded.removeAlpha() : decoded;
  // Renditions wider than the upload are the upload's size: those are encoded once, stored under
  // each name (a small upload's detail and zoom are the same file).
  const widths = new Map<number, RenditionName[]>();
  for (const name of RENDITION_NAMES) {
    const target = Math.min(RENDITION_WIDTHS[name], width);
    widths.set(target, [...(widths.get(target) ?? []), name]);
  }
  const renditions = {} as Record<RenditionName, Size>;
  const files: RenderedFile[] = [];
  await Promise.all(
    [...widths].map(async ([target, names]) => {
      const resized = source.clone().resize({ width: target, withoutEnlargement: true });
      const formats: RenderedFormat[] = ['avif', 'webp', fallback];
      await Promise.all(
        formats.map(async (format) => {
          const { data, info } = await encode(resized.clone(), format).toBuffer({ resolveWithObject: true });
          const extension = FILE_EXTENSIONS[format];
          for (const name of names) {
            renditions[name] = { width: info.width, height: info.height };
            files.push({ name: `${name}.${extension}`, bytes: data, contentType: CONTENT_TYPES[extension]! });
          }
        }),
      );
    }),
  );
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { fallback, renditions, files };
}
