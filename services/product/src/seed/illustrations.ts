// Demo product pictures: a Lucide icon (ISC licence, lucide-static) for what the product is,
// drawn large on a soft background in the product line's colours, or in a variant's own colour.
// Rendered to PNG and stored through the same media library as an admin's upload, so the demo
// shop exercises real URLs, renditions and caching. Products share pictures: only a few dozen
// distinct ones are rendered, however many products the catalog has.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { MediaLibrary, StoredImage } from '../media/media-library.js';

const ICONS: Record<string, string> = {
  'T-Shirt': 'shirt',
  Polo: 'shirt',
  Hoodie: 'jacket',
  Sweater: 'shirt',
  Shirt: 'shirt',
  Jeans: 'scissors',
  Chinos: 'scissors',
  Shorts: 'sun',
  Joggers: 'person-standing',
  Jacket: 'jacket',
  Parka: 'snowflake',
  Raincoat: 'umbrella',
  Vest: 'jacket',
  Runner: 'sport-shoe',
  'Court Sneaker': 'sport-shoe',
  'Trail Shoe': 'footprints',
  'Slip-On': 'sport-shoe',
  'Chelsea Boot': 'footprints',
  'Hiking Boot': 'mountain',
  'Work Boot': 'hard-hat',
  'Chef Knife': 'utensils-crossed',
  Skillet: 'cooking-pot',
  'Mug Set': 'coffee',
  'Cutting Board': 'slice',
  Kettle: 'soup',
  Vase: 'amphora',
  Lamp: 'lamp',
  'Wall Print': 'frame',
  Candle: 'flame',
  'Duvet Cover': 'bed-double',
  'Pillowcase Pair': 'bed',
  'Throw Blanket': 'sofa',
  'Sheet Set': 'bed-single',
  Headphones: 'headphones',
  Earbuds: 'earbuds',
  Speaker: 'speaker',
  Turntable: 'turntable',
  'Phone Case': 'smartphone',
  Charger: 'plug-zap',
  Cable: 'cable',
  'Laptop Sleeve': 'laptop',
  Tent: 'tent',
  'Sleeping Bag': 'tent-tree',
  'Camp Stove': 'flame-kindling',
  Headlamp: 'flashlight',
  Backpack: 'backpack',
  Helmet: 'hard-hat',
  'Bike Light': 'lightbulb',
  Jersey: 'shirt',
  'Saddle Bag': 'bike',
  Cookbook: 'book-open-text',
  'Field Guide': 'book-marked',
  Novel: 'book-open',
  Atlas: 'book-copy',
  'Gift Card': 'gift',
};

/** Stroke colours for variants that differ by colour; the background is a pale tint of the same. */
const NAMED_COLOURS: Record<string, string> = {
  black: '#262626',
  white: '#9aa3ad',
  sand: '#b0915c',
  blue: '#2f5fa8',
  olive: '#5f6f2f',
};

export interface Illustration {
  /** Same key, same picture: what lets products share one rendering. */
  key: string;
  icon: string;
  background: string;
  halo: string;
  stroke: string;
}

export function iconFor(noun: string): string {
  const icon = ICONS[noun];
  if (!icon) throw new Error(`no demo icon for ${noun}`);
  return icon;
}

/** A product line's picture of `noun`, in the line's hue. */
export function lineIllustration(noun: string, hue: number): Illustration {
  const icon = iconFor(noun);
  return {
    key: `${icon}:h${hue}`,
    icon,
    background: `hsl(${hue}, 45%, 94%)`,
    halo: `hsl(${hue}, 42%, 86%)`,
    stroke: `hsl(${hue}, 45%, 30%)`,
  };
}

/** `hex` mixed with white, `share` of it kept. */
function tint(hex: string, share: number): string {
  const channel = (at: number) =>
    Math.round(Number.parseInt(hex.slice(at, at + 2), 16) * share + 255 * (1 - share))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** A variant's picture of `noun` in its own colour; undefined for a value that is no colour. */
export function colourIllustration(noun: string, colour: string): Illustration | undefined {
  const stroke = NAMED_COLOURS[colour];
  if (!stroke) return undefined;
  const icon = iconFor(noun);
  return { key: `${icon}:${colour}`, icon, background: tint(stroke, 0.1), halo: tint(stroke, 0.22), stroke };
}

const require = createRequire(import.meta.url);
const iconDir = `${require.resolve('lucide-static/package.json').replace(/package\.json$/, '')}icons/`;

async function iconBody(icon: string): Promise<string> {
  const svg = await readFile(`${iconDir}${icon}.svg`, 'utf8');
  // The drawing inside the icon's own <svg> element: paths, circles, lines (no text, no styles).
  return svg.slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'));
}

const SIZE = 720;

/** The picture as SVG: a well-formed document (every value here is ours, none is escaped text). */
export async function illustrationSvg(illustration: Illustration): Promise<string> {
  const scale = (SIZE * 0.5) / 24;
  const offset = (SIZE - 24 * scale) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">` +
    `<rect width="${SIZE}" height="${SIZE}" fill="${illustration.background}"/>` +
    `<circle cx="${SIZE / 2}" cy="${SIZE / 2}" r="${SIZE * 0.36}" fill="${illustration.halo}"/>` +
    `<g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="${illustration.stroke}" ` +
    `stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${await iconBody(illustration.icon)}</g>` +
    `</svg>`
  );
}

/**
 * Renders each distinct illustration once and stores it through the media library; returns the
 * stored image per key. Two at a time: the renderer already uses every core for one image.
 */
export async function storeIllustrations(
  library: MediaLibrary,
  illustrations: Illustration[],
): Promise<Map<string, StoredImage>> {
  const distinct = [...new Map(illustrations.map((item) => [item.key, item])).values()];
  const stored = new Map<string, StoredImage>();
  let next = 0;
  const worker = async () => {
    while (next < distinct.length) {
      const illustration = distinct[next++]!;
      // Opaque, as its background is: a PNG without an alpha channel spares the media library
      // its scan for see-through pixels and every encoder a fourth channel.
      const png = await sharp(Buffer.from(await illustrationSvg(illustration)))
        .flatten()
        .png()
        .toBuffer();
      stored.set(illustration.key, await library.ingest(png));
    }
  };
  await Promise.all([worker(), worker()]);
  return stored;
}
