// A stored image as the catalog JSON shows it: a URL per rendition and format under the public
// media path (the gateway's `/api/v1/media` unless MEDIA_BASE_URL names a CDN in front of it).
// A listing sends only a reference (id, size, fallback format) and the base once per page.
import { type MediaImage, RENDITION_NAMES } from '@emporium/contracts/product';
import { type MediaRef, mediaUrl } from '@emporium/contracts/product-media';
import type { ProductRecord } from '../repositories/catalog-store.js';
import type { StoredImage } from './media-library.js';
import { FILE_EXTENSIONS } from './renditions.js';

export interface ProductImage extends StoredImage {
  alt: string;
  /** Set when the image shows one variant (its colour, say) rather than the whole product. */
  sku?: string;
}

export function createMediaJson(baseUrl: string) {
  const base = baseUrl.replace(/\/$/, '');

  function toMediaRef(image: ProductImage): MediaRef {
    const { width, height } = image.renditions.zoom;
    return { id: image.id, width, height, fallback: FILE_EXTENSIONS[image.fallback] };
  }

  function toMediaImage(image: ProductImage): MediaImage {
    const ref = toMediaRef(image);
    const renditions = Object.fromEntries(
      RENDITION_NAMES.map((name) => [
        name,
        {
          ...image.renditions[name],
          avif: mediaUrl(base, ref, name, 'avif'),
          webp: mediaUrl(base, ref, name, 'webp'),
          fallback: mediaUrl(base, ref, name, 'fallback'),
        },
      ]),
    ) as MediaImage['renditions'];
    return { id: image.id, alt: image.alt, width: ref.width, height: ref.height, renditions };
  }

  const cardUrl = (image: ProductImage) => mediaUrl(base, toMediaRef(image), 'card', 'fallback');

  return {
    /** The public media path or CDN URL, as a listing page states it once. */
    base,
    toMediaImage,
    toMediaRef,
    /** The picture an order line keeps: the variant's own image, else the product's first. */
    lineImage(product: Pick<ProductRecord, 'media' | 'images'>, sku: string): { image?: string } {
      const images = imagesOf(product.media);
      const uploaded = images.ofVariant(sku)[0] ?? images.product[0];
      const image = uploaded ? cardUrl(uploaded) : product.images[0];
      return image ? { image } : {};
    },
  };
}

export type MediaJson = ReturnType<typeof createMediaJson>;

/** The images that show a whole product, and those of each variant. */
export function imagesOf(media: ProductImage[] | undefined) {
  const all = media ?? [];
  return {
    product: all.filter((image) => image.sku === undefined),
    ofVariant: (sku: string) => all.filter((image) => image.sku === sku),
  };
}
