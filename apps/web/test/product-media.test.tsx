// @vitest-environment jsdom
// Uploaded pictures in the web app: a listing card offers AVIF, WebP and JPEG at every size the
// catalog lists and loads lazily; an admin's upload goes out as multipart.
import type { MediaImage, Product } from '@emporium/api-client';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, test } from 'vitest';
import { ProductPictures } from '../src/admin/ProductPictures';
import { cardsOf } from '../src/catalog/listing-cards';
import { ProductGrid } from '../src/components/ProductCard';
import { ResponsiveImage } from '../src/components/ResponsiveImage';
import { fakeGateway, json } from './support/fake-gateway';
import { renderAt } from './support/render-app';

afterEach(cleanup);

function image(id: string, alt: string): MediaImage {
  const rendition = (name: string, width: number) => ({
    width,
    height: width,
    avif: `/api/v1/media/${id}/${name}.avif`,
    webp: `/api/v1/media/${id}/${name}.webp`,
    fallback: `/api/v1/media/${id}/${name}.jpg`,
  });
  return {
    id,
    alt,
    width: 1920,
    height: 1920,
    renditions: {
      thumbnail: rendition('thumbnail', 160),
      card: rendition('card', 480),
      detail: rendition('detail', 960),
      zoom: rendition('zoom', 1920),
    },
  };
}

const at = '2026-11-01T10:00:00.000Z';
const lamp: Product = {
  id: 'p-lamp',
  slug: 'oak-lamp',
  title: 'Oak Lamp',
  description: '',
  brand: 'Lumen',
  images: [],
  media: [],
  category: 'decor',
  categoryPath: ['home', 'decor'],
  attributes: {},
  status: 'active',
  version: 3,
  createdAt: at,
  updatedAt: at,
  variants: [
    {
      sku: 'LAMP-S',
      title: 'small',
      options: { size: 'small' },
      price: { amount: 4900, currency: 'USD' },
      prices: [{ amount: 4900, currency: 'USD' }],
      taxClass: 'standard',
      weightGrams: 300,
      available: 4,
      lowStockThreshold: 1,
      media: [],
    },
  ],
};

describe('product pictures', () => {
  test('a listing card offers every format at every listed width, lazily', () => {
    // As a listing sends it: the image by reference, the media base beside it.
    const products = cardsOf({
      items: [
        {
          id: 'p-oak-lamp',
          slug: 'oak-lamp',
          title: 'Oak Lamp',
          brand: 'Acme',
          category: 'lamps',
          price: { amount: 4900, currency: 'USD' },
          inStock: true,
          media: { id: 'abc', width: 1920, height: 1920, fallback: 'jpg', base: '/api/v1/media' },
        },
      ],
    });
    render(
      <MemoryRouter>
        <ProductGrid products={products} />
      </MemoryRouter>,
    );
    const card = screen.getByRole('listitem');
    const sources = card.querySelectorAll('source');
    expect([...sources].map((source) => source.getAttribute('type'))).toEqual(['image/avif', 'image/webp']);
    expect(sources[0]!.getAttribute('srcset')).toBe(
      '/api/v1/media/abc/card.avif 480w, /api/v1/media/abc/detail.avif 960w',
    );
    const img = card.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/api/v1/media/abc/card.jpg');
    expect(img.getAttribute('srcset')).toBe(
      '/api/v1/media/abc/card.jpg 480w, /api/v1/media/abc/detail.jpg 960w',
    );
    expect(img.getAttribute('sizes')).toContain('50vw');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('width')).toBe('480');
    expect(img.hasAttribute('fetchpriority')).toBe(false);
  });

  test("the product page's main picture is fetched at once and ahead of other images", () => {
    render(<ResponsiveImage image={image('abc', 'An oak lamp')} sizes="100vw" base="detail" priority />);
    const img = screen.getByRole('img', { name: 'An oak lamp' });
    expect(img.getAttribute('loading')).toBe('eager');
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.getAttribute('src')).toBe('/api/v1/media/abc/detail.jpg');
  });

  test('an admin uploads a picture for one variant as multipart and is told it was added', async () => {
    const uploaded = image('def', 'The small oak lamp, lit');
    const gateway = fakeGateway({
      'POST /api/v1/admin/products/p-lamp/media': () =>
        json({ ...lamp, version: 4, variants: [{ ...lamp.variants[0]!, media: [uploaded] }] }, 201),
    });
    renderAt(gateway.client, '/admin/products/p-lamp', {
      '/admin/products/:id': <ProductPictures product={lamp} />,
    });

    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'lamp.png', { type: 'image/png' });
    await userEvent.upload(screen.getByLabelText('Picture'), file);
    await userEvent.type(
      screen.getByLabelText('Description for people who cannot see it'),
      'The small oak lamp, lit',
    );
    await userEvent.selectOptions(screen.getByLabelText('Shows'), 'LAMP-S');
    await userEvent.click(screen.getByRole('button', { name: 'Upload picture' }));

    await screen.findByText('Picture added.');
    const [sent] = gateway.sent('POST /api/v1/admin/products/p-lamp/media');
    expect(sent!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const body = String(sent!.body);
    // jsdom's File reaches Node's FormData without its name or bytes; a browser sends both.
    expect(body).toMatch(/name="file"; filename="[^"]+"\r\nContent-Type: image\/png/);
    expect(body).toMatch(/name="alt"\r\n\r\nThe small oak lamp, lit\r\n/);
    expect(body).toMatch(/name="sku"\r\n\r\nLAMP-S\r\n/);
  });
});
