// The web stylesheet is static CSS written by hand; the brand's values live in
// @emporium/contracts/brand, which the mobile app reads. This holds the two equal, and the brand's
// text colours readable on what they are drawn on.
import { readFileSync } from 'node:fs';
import { BRAND_COLORS, BRAND_MARK, BRAND_RADIUS, type BrandColor } from '@emporium/contracts/brand';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const css = read('../src/styles/global.css');

function rootProperties(stylesheet: string): Map<string, string> {
  const root = /:root\s*\{([^}]*)\}/.exec(stylesheet)?.[1] ?? '';
  return new Map(
    [...root.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((match) => [
      match[1] ?? '',
      (match[2] ?? '').trim(),
    ]),
  );
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

// WCAG 2 relative luminance and contrast ratio.
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe('the brand in the web stylesheet', () => {
  const properties = rootProperties(css);

  it('has every brand colour as --color-<name>, and no colour the brand lacks', () => {
    const cssColours = Object.fromEntries([...properties].filter(([name]) => name.startsWith('--color-')));
    const brandColours = Object.fromEntries(
      Object.entries(BRAND_COLORS).map(([key, value]) => [`--color-${kebab(key)}`, value]),
    );
    expect(cssColours).toEqual(brandColours);
  });

  it('has the brand radii', () => {
    expect(properties.get('--radius')).toBe(`${BRAND_RADIUS.large}px`);
    expect(properties.get('--radius-small')).toBe(`${BRAND_RADIUS.small}px`);
  });

  it('gives the browser chrome the primary colour, and the favicon the mark', () => {
    expect(read('../index.html')).toContain(`<meta name="theme-color" content="${BRAND_COLORS.primary}" />`);
    const favicon = read('../public/favicon.svg');
    expect(favicon).toContain(
      `<rect width="${BRAND_MARK.size}" height="${BRAND_MARK.size}" rx="${BRAND_MARK.cornerRadius}" fill="${BRAND_COLORS.primary}"/>`,
    );
    const bars = [
      ...favicon.matchAll(
        /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="([^"]+)"\/>/g,
      ),
    ];
    expect(
      bars.map(([, x, y, width, height, fill]) => ({
        x: Number(x),
        y: Number(y),
        width: Number(width),
        height: Number(height),
        fill,
      })),
    ).toEqual(BRAND_MARK.letter.map((bar) => ({ ...bar, fill: BRAND_COLORS.onPrimary })));
  });
});

describe('the brand colours', () => {
  it.each<[BrandColor, BrandColor]>([
    ['onPrimary', 'primary'],
    ['onPrimary', 'primaryStrong'],
    ['primary', 'surface'],
    ['primary', 'bg'],
    ['text', 'bg'],
    ['muted', 'bg'],
    ['muted', 'surface'],
    ['success', 'successSoft'],
    ['warning', 'warningSoft'],
    ['danger', 'dangerSoft'],
    ['danger', 'surface'],
  ])('draw %s on %s at 4.5:1 or more', (text, background) => {
    expect(contrast(BRAND_COLORS[text], BRAND_COLORS[background])).toBeGreaterThanOrEqual(4.5);
  });

  it('measures contrast the way WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
