// The URLs and sizes of an uploaded image's renditions, derived from what a listing carries (its
// id, its largest size and its fallback format). Every rendition of an image differs only in name
// and extension, so a listing sends these few fields and the media base once, and the service and
// every client build the same URLs with these functions. No schema library here: apps import it.

/** The sizes every uploaded image is rendered in, smallest first (never wider than the upload). */
export const RENDITION_NAMES = ['thumbnail', 'card', 'detail', 'zoom'] as const;
export type RenditionName = (typeof RENDITION_NAMES)[number];

/** Widths in CSS pixels a shopper's page asks for; the next one up serves a 2× screen. */
export const RENDITION_WIDTHS: Record<RenditionName, number> = {
  thumbnail: 160,
  card: 480,
  detail: 960,
  zoom: 1920,
};

/** The file extension of the format every browser shows: JPEG, or PNG for see-through images. */
export type FallbackExtension = 'jpg' | 'png';
export type MediaFormat = 'avif' | 'webp' | 'fallback';

/** What a listing says of an image: enough to build every URL and reserve its box. */
export interface MediaRef {
  id: string;
  /** The largest rendition's size: its aspect ratio is every rendition's. */
  width: number;
  height: number;
  fallback: FallbackExtension;
}

/** `<base>/<image id>/<rendition>.<extension>`; the base is a path (`/api/v1/media`) or a CDN URL. */
export function mediaUrl(
  base: string,
  image: MediaRef,
  rendition: RenditionName,
  format: MediaFormat,
): string {
  const extension = format === 'fallback' ? image.fallback : format;
  return `${base.replace(/\/$/, '')}/${image.id}/${rendition}.${extension}`;
}

/**
 * A rendition's pixel size: its target width, or the image's own when that is smaller (renditions
 * are never enlarged), and the height that keeps the image's aspect ratio.
 */
export function renditionSize(image: MediaRef, rendition: RenditionName): { width: number; height: number } {
  const width = Math.min(RENDITION_WIDTHS[rendition], image.width);
  return { width, height: Math.round((width * image.height) / image.width) };
}

/** One rendition as the product detail JSON lists it: its size and a URL per format. */
export function renditionOf(base: string, image: MediaRef, rendition: RenditionName) {
  return {
    ...renditionSize(image, rendition),
    avif: mediaUrl(base, image, rendition, 'avif'),
    webp: mediaUrl(base, image, rendition, 'webp'),
    fallback: mediaUrl(base, image, rendition, 'fallback'),
  };
}
