// Renders an upload into every rendition (thumbnail, card, detail, zoom) in AVIF, WebP and a
// fallback every browser shows (JPEG, or PNG when the image has transparency), once, at upload.
// The upload's own bytes are never served: metadata (EXIF: camera, GPS position) is dropped by
// re-encoding, after the EXIF orientation has been applied to the pixels.
import { RENDITION_NAMES, type RenditionName } from '@emporium/contracts/product';
import sharp, { type Sharp } from 'sharp';

/** Widths in CSS pixels a shopper's page asks for; the next one up serves a 2× screen. */
export const RENDITION_WIDTHS: Record<RenditionName, number> = {
  thumbnail: 160,
  card: 480,
  detail: 960,
  zoom: 1920,
};

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

function encode(pipeline: Sharp, format: RenderedFormat): Sharp {
  switch (format) {
    // Effort 2: an upload is answered in well under a second; the files are a little larger.
    case 'avif':
      return pipeline.avif({ quality: 55, effort: 2 });
    case 'webp':
      return pipeline.webp({ quality: 80, effort: 3 });
    case 'jpeg':
      return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true });
    case 'png':
      return pipeline.png({ compressionLevel: 8 });
  }
}

export async function renderRenditions(bytes: Buffer, maxPixels: number): Promise<RenderedImage> {
  const { hasAlpha } = await imageSize(bytes);
  const fallback: FallbackFormat = hasAlpha ? 'png' : 'jpeg';
  // One decode, oriented by its EXIF tag; each rendition clones it. Only the first frame of an
  // animation is kept.
  const source = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  const renditions = {} as Record<RenditionName, Size>;
  const files: RenderedFile[] = [];
  await Promise.all(
    RENDITION_NAMES.map(async (name) => {
      const resized = source.clone().resize({ width: RENDITION_WIDTHS[name], withoutEnlargement: true });
      const formats: RenderedFormat[] = ['avif', 'webp', fallback];
      await Promise.all(
        formats.map(async (format) => {
          const { data, info } = await encode(resized.clone(), format).toBuffer({ resolveWithObject: true });
          renditions[name] = { width: info.width, height: info.height };
          const extension = FILE_EXTENSIONS[format];
          files.push({ name: `${name}.${extension}`, bytes: data, contentType: CONTENT_TYPES[extension]! });
        }),
      );
    }),
  );
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { fallback, renditions, files };
}
