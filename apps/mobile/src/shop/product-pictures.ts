// Which pictures the product screen shows, in which file: the chosen variant's own pictures first
// (its colour, say), then the product's; uploads in their detail size, sized by the JSON so the
// screen lays out before the bytes arrive; links an admin entered only when nothing was uploaded.
import type { MediaImage, Product, Variant } from '@emporium/api-client';

export interface Picture {
  key: string;
  uri: string;
  /** Width over height; 1 when the JSON does not say (a link an admin entered). */
  aspectRatio: number;
  /** What a screen reader says instead of the picture. */
  label: string;
}

/**
 * webp where the app runs in a browser (every current one shows it, and it is smaller); the
 * fallback (JPEG, or PNG with transparency) on phones, where React Native's image decoders are
 * sure of it on every Android and iOS version.
 */
export type PictureFormat = 'webp' | 'fallback';

export function productPictures(
  product: Product,
  variant: Variant | undefined,
  format: PictureFormat,
  apiUrl: string,
): Picture[] {
  const uploaded = [...(variant?.media ?? []), ...product.media];
  const seen = new Set<string>();
  const unique = uploaded.filter((image) => !seen.has(image.id) && seen.add(image.id));
  if (unique.length > 0) {
    return unique.map((image: MediaImage) => {
      const rendition = image.renditions.detail;
      return {
        key: image.id,
        uri: absolute(rendition[format], apiUrl),
        aspectRatio: rendition.width / rendition.height,
        label: image.alt || product.title,
      };
    });
  }
  return product.images.map((uri, index) => ({
    key: `${index}:${uri}`,
    uri: absolute(uri, apiUrl),
    aspectRatio: 1,
    label: product.images.length > 1 ? `${product.title}, picture ${index + 1}` : product.title,
  }));
}

/**
 * The catalog gives its own media as paths on the gateway (/media/…). A phone has no page origin
 * to resolve them against, so they go to the gateway the app talks to; a web build served beside
 * the gateway (apiUrl "/") keeps them relative to the page.
 */
export function absolute(uri: string, apiUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || !/^https?:\/\//i.test(apiUrl)) return uri;
  return new URL(uri, apiUrl).toString();
}
