// @vitest-environment jsdom
import type { MediaImage, Product } from '@emporium/api-client';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ProductScreen } from '../src/screens/product-screen';
import { absolute, productPictures } from '../src/shop/product-pictures';
import { trailRunner } from './support/catalog-fixtures';
import { fakeGateway } from './support/fake-gateway';
import { renderShop } from './support/render-shop';

afterEach(cleanup);

// A phone's width. jsdom lays nothing out, so its window measures 0 wide; react-native-web reads
// the window's size from the document element and updates on resize.
const PHONE_WIDTH = 390;
beforeAll(() => {
  Object.defineProperty(document.documentElement, 'clientWidth', { configurable: true, value: PHONE_WIDTH });
  Object.defineProperty(document.documentElement, 'clientHeight', { configurable: true, value: 844 });
  window.dispatchEvent(new Event('resize'));
});

/** An upload as the catalog describes it, `width` × `height` at its detail size. */
function upload(id: string, alt: string, width: number, height: number): MediaImage {
  const rendition = (name: string, scale: number) => ({
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    avif: `/media/${id}/${name}.avif`,
    webp: `/media/${id}/${name}.webp`,
    fallback: `/media/${id}/${name}.jpg`,
  });
  return {
    id,
    alt,
    width: width * 2,
    height: height * 2,
    renditions: {
      thumbnail: rendition('thumbnail', 0.25),
      card: rendition('card', 0.5),
      detail: rendition('detail', 1),
      zoom: rendition('zoom', 2),
    },
  };
}

const side = upload('side', 'Trail Runner from the side', 1200, 800);
const sole = upload('sole', 'The grippy sole', 1000, 1000);
const red = upload('red-42', 'Trail Runner in red', 900, 1200);

const pictured: Product = {
  ...trailRunner,
  media: [side, sole],
  variants: trailRunner.variants.map((variant) =>
    variant.sku === 'TR-42' ? { ...variant, media: [red] } : variant,
  ),
};

const pictureNamed = (name: string) => screen.findByRole('img', { name });
// react-native-web draws an Image as a sized box holding an <img> for assistive technology.
const imageUrlOf = (element: HTMLElement) => element.getAttribute('src');

describe('product pictures', () => {
  test('shows every upload in its detail size, in a paged gallery with a counter', async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />, {
      gateway: fakeGateway({ products: [pictured] }),
    });

    const first = await pictureNamed('Trail Runner from the side');
    // The web build asks for webp; a path on the gateway goes to the gateway the app talks to.
    expect(imageUrlOf(first)).toMatch(/^https?:\/\/[^/]+\/media\/side\/detail\.webp$/);
    expect(await pictureNamed('The grippy sole')).toBeTruthy();
    expect(screen.getByLabelText('Picture 1 of 2')).toBeTruthy();
  });

  test("sizes each picture by the screen's width at the ratio the catalog gives", async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />, {
      gateway: fakeGateway({ products: [pictured] }),
    });
    const sizeOf = (element: HTMLElement) => {
      const { width, height } = (element.parentElement as HTMLElement).style;
      return { width: Number.parseFloat(width), height: Number.parseFloat(height) };
    };
    // The screen's padding (16 each side) off the window's width.
    expect(sizeOf(await pictureNamed('Trail Runner from the side'))).toEqual({
      width: 358,
      height: 358 / 1.5,
    });
    expect(sizeOf(await pictureNamed('The grippy sole'))).toEqual({ width: 358, height: 358 });
  });

  test("puts the chosen variant's own picture first", async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />, {
      gateway: fakeGateway({ products: [pictured] }),
    });
    await pictureNamed('Trail Runner from the side');
    expect(screen.queryByRole('img', { name: 'Trail Runner in red' })).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'size 42' }));

    const pictures = await screen.findAllByRole('img', { name: /Trail Runner|sole/ });
    expect(pictures.map((picture) => picture.getAttribute('alt'))).toEqual([
      'Trail Runner in red',
      'Trail Runner from the side',
      'The grippy sole',
    ]);
    expect(screen.getByLabelText('Picture 1 of 3')).toBeTruthy();
  });

  test('shows a product with no pictures without an empty frame', async () => {
    renderShop(<ProductScreen slug="trail-runner" onOpenCart={() => {}} />);
    expect(await screen.findByLabelText('Price $89.99')).toBeTruthy();
    expect(screen.queryAllByRole('img')).toEqual([]);
  });
});

describe('which picture files', () => {
  test('phones get the fallback format; links an admin entered show when nothing was uploaded', () => {
    expect(productPictures(pictured, undefined, 'fallback', 'http://10.0.0.2:8080')[0]).toEqual({
      key: 'side',
      uri: 'http://10.0.0.2:8080/media/side/detail.jpg',
      aspectRatio: 1.5,
      label: 'Trail Runner from the side',
    });
    const linked = { ...trailRunner, images: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'] };
    expect(productPictures(linked, linked.variants[0], 'webp', 'http://10.0.0.2:8080')).toEqual([
      {
        key: '0:https://cdn.example/a.jpg',
        uri: 'https://cdn.example/a.jpg',
        aspectRatio: 1,
        label: 'Trail Runner, picture 1',
      },
      {
        key: '1:https://cdn.example/b.jpg',
        uri: 'https://cdn.example/b.jpg',
        aspectRatio: 1,
        label: 'Trail Runner, picture 2',
      },
    ]);
  });

  test('an upload shown by the product and by its variant appears once', () => {
    const shared = { ...pictured, variants: [{ ...pictured.variants[0]!, media: [side] }] };
    expect(productPictures(shared, shared.variants[0], 'webp', '/').map((p) => p.key)).toEqual([
      'side',
      'sole',
    ]);
  });

  test('a web build beside the gateway keeps paths relative to its page', () => {
    expect(absolute('/media/a/detail.webp', '/')).toBe('/media/a/detail.webp');
    expect(absolute('/media/a/detail.webp', 'https://shop.example')).toBe(
      'https://shop.example/media/a/detail.webp',
    );
  });
});
