// Emporium's brand: the colours, corner radii and logo mark the web storefront and the mobile app
// both draw with, so the two cannot drift apart. The mobile theme imports these values. The web's
// stylesheet keeps them as plain custom properties in apps/web/src/styles/global.css (static CSS
// needs no build step or plugin to read, and the browser gets it as written); a test in apps/web
// holds every one of those properties equal to this module, so a change here that the CSS does
// not follow fails the build's tests instead of shipping two brands.

/** Colours by role; the web stylesheet names each `--color-<kebab-case key>`. */
export const BRAND_COLORS = {
  /** The page behind cards and sheets. */
  bg: '#f7f7fa',
  /** Cards, sheets, the header: what content sits on. */
  surface: '#ffffff',
  text: '#16181d',
  /** Secondary text; still 4.5:1 on both bg and surface. */
  muted: '#555b68',
  border: '#dcdee5',
  /** Buttons, links, the logo's tile. */
  primary: '#3b3bd6',
  /** Primary's hover and pressed state. */
  primaryStrong: '#2c2cb0',
  primarySoft: '#ececfd',
  /** Text and icons drawn on primary (and on primaryStrong). */
  onPrimary: '#ffffff',
  success: '#136c3a',
  successSoft: '#e5f5eb',
  warning: '#8a4b00',
  warningSoft: '#fff3e0',
  danger: '#b3261e',
  dangerSoft: '#fdecea',
} as const;

export type BrandColor = keyof typeof BRAND_COLORS;

/** Corner radii in CSS pixels (density-independent points on phones). */
export const BRAND_RADIUS = {
  /** Cards, pictures, notices. */
  large: 10,
  /** Buttons, fields, badges. */
  small: 6,
} as const;

export const BRAND_NAME = 'Emporium';

/**
 * The logo mark: a rounded tile in primary with an "E" in onPrimary, on a 32 × 32 grid. The "E"
 * is four rectangles rather than a path so that the mobile app, which has no SVG renderer, draws
 * the same shape from plain views that the web draws as SVG rects.
 */
export const BRAND_MARK = {
  size: 32,
  cornerRadius: 8,
  letter: [
    { x: 10, y: 9, width: 3.5, height: 15 },
    { x: 10, y: 9, width: 12, height: 3 },
    { x: 10, y: 15, width: 11, height: 3 },
    { x: 10, y: 21, width: 12, height: 3 },
  ],
} as const;
