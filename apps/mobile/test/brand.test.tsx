// @vitest-environment jsdom
import { BRAND_COLORS, BRAND_MARK } from '@emporium/contracts/brand';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { BrandMark, Wordmark } from '../src/ui/brand-mark';
import { colors } from '../src/ui/theme';

afterEach(cleanup);

test("the app's accent is the web storefront's primary colour", () => {
  expect(colors.accent).toBe(BRAND_COLORS.primary);
  expect(colors.accentText).toBe(BRAND_COLORS.onPrimary);
  expect(colors.text).toBe(BRAND_COLORS.text);
});

test('the wordmark is read out once, as the shop name', () => {
  render(<Wordmark />);
  expect(screen.getByRole('img', { name: 'Emporium' }).textContent).toBe('Emporium');
});

test("the mark draws the brand's tile and letter, scaled to its size", () => {
  const { container } = render(<BrandMark size={64} />);
  const tile = container.firstElementChild as HTMLElement;
  expect(tile.style.width).toBe('64px');
  const bars = [...tile.children].map((bar) => {
    const { left, top, width, height } = (bar as HTMLElement).style;
    return [left, top, width, height].map((px) => Number.parseFloat(px) / 2);
  });
  expect(bars).toEqual(BRAND_MARK.letter.map((bar) => [bar.x, bar.y, bar.width, bar.height]));
});
