// A stored image as the catalog JSON shows it: a URL per rendition and format under the public
// media path (the gateway's `/api/v1/media` unless MEDIA_BASE_URL names a CDN in front of it).
import {
  type MediaImage,
  type MediaPreview,
  RENDITION_NAMES,
  type RenditionName,
} from '@emporium/contracts/product';
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
  const url = (id: string, name: RenditionName, extension: string) => `${base}/${id}/${name}.${extension}`;

  function toMediaImage(image: ProductImage): MediaImage {
    const fallback = FILE_EXTENSIONS[image.fallback];
    const renditions = Object.fromEntries(
      RENDITION_NAMES.map((name) => [
        name,
        {
          ...image.renditions[name],
          avif: url(image.id, name, 'avif'),
          webp: url(image.id, name, 'webp'),
          fallback: url(image.id, name, fallback),
        },
      ]),
    ) as MediaImage['renditions'];
    const { width, height } = image.renditions.zoom;
    return { id: image.id, alt: image.alt, width, height, renditions };
  }

  const cardUrl = (image: ProductImage) => url(image.id, 'card', FILE_EXTENSIONS[image.fallback]);

  // A listing repeats this per product: only the sizes a card shows keep its JSON small.
  function toMediaPreview(image: ProductImage): MediaPreview {
    const { id, alt, width, height, renditions } = toMediaImage(image);
    return { id, alt, width, height, renditions: { card: renditions.card, detail: renditions.detail } };
  }

  return {
    toMediaImage,
    toMediaPreview,
    /** The one URL a client showing a single size uses: the card rendition's fallback. */
    cardUrl,
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
