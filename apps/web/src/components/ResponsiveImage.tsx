// An uploaded image as a <picture>: AVIF, then WebP, then the JPEG/PNG every browser shows, each
// as a srcset of the renditions the catalog lists, so the browser fetches the smallest file that
// fills the slot (`sizes`) on its screen. Lazy unless it is above the fold.
import type { MediaImage } from '@emporium/api-client';

type Rendition = MediaImage['renditions']['card'];

/** An image in some of its sizes (a card offers two, the product page all four). */
export interface PictureSizes {
  alt?: string;
  renditions: { card: Rendition } & Partial<Record<'thumbnail' | 'detail' | 'zoom', Rendition>>;
}
type Format = 'avif' | 'webp' | 'fallback';

/** `url 480w, url 960w`: one entry per distinct width (a small upload's sizes can coincide). */
export function srcSetOf(renditions: Rendition[], format: Format): string {
  const byWidth = new Map(renditions.map((rendition) => [rendition.width, rendition[format]]));
  return [...byWidth].map(([width, url]) => `${url} ${width}w`).join(', ');
}

export interface ResponsiveImageProps {
  image: PictureSizes;
  /** The slot's width per layout, as the CSS lays it out (the <img sizes> attribute). */
  sizes: string;
  /** The rendition whose URL is `src` and whose size reserves the box before it loads. */
  base?: 'thumbnail' | 'card' | 'detail';
  /** Overrides the image's own alt text (empty when a caption beside it already says it). */
  alt?: string;
  eager?: boolean;
  /** The page's largest picture (its LCP): fetched ahead of the other images and scripts. */
  priority?: boolean;
  className?: string;
}

export function ResponsiveImage({
  image,
  sizes,
  base = 'card',
  alt,
  eager = false,
  priority = false,
  className,
}: ResponsiveImageProps) {
  const renditions = Object.values(image.renditions)
    .filter((rendition) => rendition !== undefined)
    .sort((a, b) => a.width - b.width);
  const main = image.renditions[base] ?? image.renditions.card;
  return (
    <picture className={className}>
      <source type="image/avif" srcSet={srcSetOf(renditions, 'avif')} sizes={sizes} />
      <source type="image/webp" srcSet={srcSetOf(renditions, 'webp')} sizes={sizes} />
      <img
        src={main.fallback}
        srcSet={srcSetOf(renditions, 'fallback')}
        sizes={sizes}
        alt={alt ?? image.alt ?? ''}
        width={main.width}
        height={main.height}
        loading={eager || priority ? 'eager' : 'lazy'}
        fetchPriority={priority ? 'high' : undefined}
        decoding="async"
      />
    </picture>
  );
}
