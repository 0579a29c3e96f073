// A listing's products as cards: a listing names each image by reference (id, size, fallback
// format, media base), and the card's <picture> needs the URLs of the two sizes it offers (card,
// and detail for 2× screens).
import { type ListingItem, renditionOf } from '@emporium/api-client';
import type { CardProduct } from '../components/ProductCard';

export function cardOfItem({ media, ...item }: ListingItem): CardProduct {
  return {
    ...item,
    media: media
      ? {
          renditions: {
            card: renditionOf(media.base, media, 'card'),
            detail: renditionOf(media.base, media, 'detail'),
          },
        }
      : null,
  };
}

export const cardsOf = (page: { items: ListingItem[] }): CardProduct[] => page.items.map(cardOfItem);
